import { enableCompileCache } from 'node:module';
import pkg from '../package.json';
import { UsageError, parseCommand, wantsHelp } from './cli/args';
import type { Io } from './cli/io';

export const HELP = `pipewright — run software-factory pipelines from the command line

usage:
  pipewright ask "<description>" [--project NAME] [--yes] [--json] [--endpoint NAME]
                                          describe an app: the proposed pipeline and its
                                          steps, confirmed at a terminal (or with --yes), run,
                                          then the links to what it made
  pipewright run <template.json | pipeline-id> [options]
      --input name=value   value for a pipeline input (repeatable; a folder for workspace inputs)
      --concurrency N      nodes running at once (default 4)
      --node ID            run that node again (what it needs comes from cache or runs)
      --up-to ID           run that node and what it needs
      --from ID            run that node and everything after it again
      --resume             continue the last interrupted, failed or cancelled run
      --fail-fast          stop starting nodes after the first failure
      --verbose            print every node's output as it arrives
      --json               one JSON event per line, then a summary line
  pipewright validate <template.json>     check a template without running it
  pipewright import <template.json>       save a template as a pipeline (prints its id)
  pipewright export <pipeline-id> <file>  write a saved pipeline to a template file
  pipewright list                         saved pipelines
  pipewright runs [pipeline-id] [--limit N]  run history, newest first
  pipewright logs <run-id> [node-id]      the output a run recorded
  pipewright serve [--port N] [--host H]  the UI in a browser (loopback and a token by default;
                                          another host needs --allow-remote); MCP at /mcp
  pipewright mcp [--project ID]           an MCP server on stdin/stdout: each saved pipeline
                                          with inputs is a tool (one project's with --project)
  pipewright services [--project ID]      deployed apps and other services, read from Docker
  pipewright services logs <name> [--tail N]   what a service printed last
  pipewright services stop <name>         stop a service and remove its container
  pipewright diagnose <run-id> [node-id] [--model | --offline] [--json] [--fix]
                                          why a node failed: the cause, the lines that show it,
                                          and the fix (offline rules, then a model routed for
                                          troubleshooting); --fix has the code generator's agent
                                          make a fix to the workspace, then runs again from the node
  pipewright transcript <run-id> [node-id]  what a run's nodes said to their models and heard back
  pipewright secret set NAME              store a secret, its value read from standard input
  pipewright secret list | secret rm NAME   secret names (never values) | remove one
  pipewright endpoint add NAME --base-url URL --model M [--key-secret SECRET]
                                          a named OpenAI-compatible endpoint
  pipewright endpoint list | test NAME | rm NAME   endpoints and routes | GET /models | remove
  pipewright endpoint route TASK COMPLEXITY NAME[@MODEL][,…] | off
                                          which endpoints answer a task (code_generation,
                                          planning, troubleshooting, chat; * for any), in
                                          fallback order
  pipewright budget <project-id> [DOLLARS | off]   LLM spending of a project, and its limit
  pipewright models list | pull MODEL | add FILE.gguf [--name NAME] | rm MODEL
                                          the built-in local model (endpoint builtin): the
                                          catalog and what is installed, download (resumable,
                                          checked), a GGUF file you have, remove
  pipewright models serve [--port N]      the built-in model as an OpenAI-compatible endpoint
                                          on 127.0.0.1, with an API key printed at start

Data lives in $PIPEWRIGHT_HOME (default ~/.pipewright).
`;

/** A command parses its own arguments against its own options (see cli/args.ts). */
type Command = (argv: readonly string[], io: Io) => Promise<number>;

/**
 * Each command's module is loaded when that command runs: `pipewright list` should not wait
 * for the Docker, model and MCP clients that `run` and `serve` need (~0.3 s of loading).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  ask: async () => (await import('./cli/commands/ask')).askCommand,
  run: async () => (await import('./cli/commands/run')).runCommand,
  validate: async () => (await import('./cli/commands/validate')).validateCommand,
  import: async () => (await import('./cli/commands/documents')).importCommand,
  export: async () => (await import('./cli/commands/documents')).exportCommand,
  list: async () => (await import('./cli/commands/history')).listCommand,
  runs: async () => (await import('./cli/commands/history')).runsCommand,
  logs: async () => (await import('./cli/commands/history')).logsCommand,
  serve: async () => (await import('./cli/commands/serve')).serveCommand,
  mcp: async () => (await import('./cli/commands/mcp')).mcpCommand,
  diagnose: async () => (await import('./cli/commands/diagnose')).diagnoseCommand,
  transcript: async () => (await import('./cli/commands/transcript')).transcriptCommand,
  secret: async () => (await import('./cli/commands/secret')).secretCommand,
  endpoint: async () => (await import('./cli/commands/endpoint')).endpointCommand,
  budget: async () => (await import('./cli/commands/budget')).budgetCommand,
  models: async () => (await import('./cli/commands/models')).modelsCommand,
  services: async () => (await import('./cli/commands/services')).servicesCommand,
};

/** Runs one CLI command and returns its exit code; errors become one line on stderr. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === 'help' || wantsHelp(argv)) {
      io.stdout.write(HELP);
      return 0;
    }
    if (name === undefined || name.startsWith('-')) {
      // Before a command only --version means anything.
      const args = parseCommand(argv, 'pipewright', { version: 'flag' });
      if (args.positionals.length) throw new UsageError(`put the command first: pipewright ${args.positionals[0]} [options]`);
      if (args.flags.has('version')) {
        io.stdout.write(`${pkg.version}\n`);
        return 0;
      }
      io.stdout.write(HELP);
      return 2;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return await (await load())(rest, io);
  } catch (err) {
    const e = err as Error;
    // By name: the classes live in modules a command loads only when it needs them.
    if (e instanceof UsageError || e?.name === 'DocumentError' || e?.name === 'StoreError') {
      io.stderr.write(`pipewright: ${e.message}\n`);
      return e instanceof UsageError ? 2 : 1;
    }
    io.stderr.write(`pipewright: ${e?.message ?? String(err)}\n`);
    if (process.env.PIPEWRIGHT_DEBUG) io.stderr.write(`${e?.stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  // Compiled code is kept on disk between runs: zod and the store load in half the time.
  enableCompileCache();
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
