import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeError, waitForHttp, type McpLaunch, type RecordedService, type RunContext, type ServiceValue } from '../../sdk';
import { assistantFiles } from './assistant-files';
import { installExtensions } from './install-extensions';
import { findCodeServer, INSTALL_HINT } from './local-install';
import { filePassword, hashPassword, storedPassword, whereToFind, type Password } from './password';
import { configHash, sharedConfig, type Prepared } from './prepare';
import type { WorkspaceParams } from './params';
import { writeGeneratedFiles } from './write-files';

const REUSE_CHECK_MS = 3000;
const ERROR_LINES = 40;
/** The folder beside the workspace that holds code-server's home, settings, extensions (and password file). */
const STATE_FOLDER = 'code-server';

/** The environment code-server runs in: a home of its own, so its config and the assistant's stay apart from yours. */
function serverEnv(home: string, password: Password): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    HASHED_PASSWORD: hashPassword(password.value),
  };
}

/**
 * This node's server from an earlier run (of any Pipewright process) when it runs the same
 * configuration and answers, with its password; undefined when a new one must start.
 */
async function reusable(
  ctx: RunContext,
  previous: RecordedService | undefined,
  hash: string,
  stored: Password | undefined,
): Promise<{ url: string; name: string; password: Password } | undefined> {
  if (!previous) return undefined;
  let why = 'it has stopped';
  if (previous.running && previous.url) {
    if (previous.configHash !== hash) why = 'its configuration changed';
    else {
      const check = await waitForHttp({ url: `${previous.url}/healthz`, timeoutMs: REUSE_CHECK_MS, signal: ctx.signal });
      const password = stored ?? (await filePassword(await ctx.workspace(STATE_FOLDER, { keep: true }), false));
      if (check.ok && password) return { url: previous.url, name: previous.name, password };
      why = check.ok ? 'its password file is gone' : 'it does not answer';
    }
  }
  ctx.log(`replacing the VS Code on ${previous.url ?? `pid ${previous.pid}`}: ${why}\n`, 'info');
  return undefined;
}

/**
 * The command that starts Pipewright's MCP server for this project, so the assistant can run
 * the project's pipelines; undefined (and said in the log) when this host cannot give one.
 */
function pipewrightMcp(ctx: RunContext, assistant: WorkspaceParams['assistant']): McpLaunch | undefined {
  if (assistant === 'none') return undefined;
  try {
    return ctx.pipewright.mcpServer();
  } catch (err) {
    if (!(err instanceof NodeError)) throw err;
    ctx.log(`the assistant gets no Pipewright tools: ${err.message}\n`, 'info');
    return undefined;
  }
}

/**
 * code-server as a process on this machine, started as a local service (detached, recorded
 * in the data folder), so it outlives the run and the Pipewright process that started it;
 * reused by later runs while its configuration is unchanged.
 */
export async function runLocal(ctx: RunContext, prepared: Prepared, params: WorkspaceParams): Promise<ServiceValue> {
  const install = findCodeServer();
  if (!install) throw new NodeError(`runtime is local, but code-server is not installed: ${INSTALL_HINT}`, 'Or set runtime to docker.');
  const name = `vscode-${ctx.projectId}-${ctx.placeId ?? ctx.nodeId}`;
  const stored = await storedPassword(ctx);
  const mcp = pipewrightMcp(ctx, params.assistant);
  const hash = configHash({
    ...sharedConfig(prepared, params),
    mcp,
    runtime: 'local',
    command: install.command,
    password: stored ? hashPassword(stored.value) : 'per-server file',
  });

  // One VS Code per node: a code-server this node ran in a container before goes.
  if (await ctx.docker.removeService()) ctx.log('removed the VS Code container this node ran with runtime docker\n', 'info');
  const previous = await ctx.services.current();
  const reuse = await reusable(ctx, previous, hash, stored);
  if (reuse) {
    // Workspace files follow every run (an upstream node may have made the folder afresh).
    const files = assistantFiles({ ...params, ...prepared, homeInServer: '' });
    await writeGeneratedFiles(files.filter((f) => f.root === 'workspace'), { workspace: prepared.workspace, home: '', data: '' });
    ctx.log(`reusing VS Code (same configuration, answering): ${reuse.url}\nthe password is in ${whereToFind(reuse.password)}\n`, 'info');
    await ctx.services.adopt(reuse.name, params.keep);
    return { url: reuse.url, name: reuse.name };
  }
  await ctx.services.stopPrevious();

  // A new server starts from a clean state: nothing of a replaced configuration lingers.
  const state = await ctx.workspace(STATE_FOLDER);
  const dirs = { home: join(state, 'home'), data: join(state, 'data'), extensions: join(state, 'extensions') };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  const password = stored ?? (await filePassword(state, true))!;
  await writeGeneratedFiles(assistantFiles({ ...params, ...prepared, homeInServer: dirs.home, mcp }), {
    home: dirs.home,
    data: dirs.data,
    workspace: prepared.workspace,
  });
  // A config file of our own: without one code-server writes a default holding a plain password.
  const configFile = join(state, 'code-server.yaml');
  await writeFile(configFile, 'auth: password\n');
  await installExtensions(ctx, install, prepared, dirs);

  const port = await ctx.services.port({ wanted: params.port, previous });
  const url = `http://127.0.0.1:${port}`;
  const argv = [
    ...install.command,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'password',
    '--disable-telemetry',
    '--disable-update-check',
    // Without it the folder opens in Restricted Mode and the assistant stays inactive.
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.data,
    '--extensions-dir', dirs.extensions,
    prepared.workspace,
  ];
  ctx.log(`starting code-server (${install.where}) on ${url}\n`, 'info');
  const server = await ctx.services.start({
    name,
    command: argv,
    cwd: prepared.workspace,
    env: serverEnv(dirs.home, password),
    url,
    keep: params.keep,
    configHash: hash,
  });
  try {
    const health = await waitForHttp({
      url: `${url}/healthz`,
      timeoutMs: params.startTimeoutMs,
      signal: ctx.signal,
      stopped: async () => (server.exited() ? 'it exited' : undefined),
    });
    if (!health.ok) {
      const tail = server.logs(ERROR_LINES);
      const what =
        health.why === 'stopped'
          ? `code-server stopped before answering on ${url}`
          : `code-server did not answer on ${url}/healthz within ${Math.round(params.startTimeoutMs / 1000)} s (last try: ${health.last}); raise startTimeoutMs if this machine is slow`;
      throw new NodeError(what, tail ? `its last output:\n${tail}` : 'it printed nothing');
    }
    ctx.log(`VS Code answered after ${health.ms} ms: ${url}\nsign in with the password in ${whereToFind(password)}\n`, 'info');
  } catch (err) {
    // Nothing half-started stays behind, kept or not: not on failure, not on cancel.
    await server.stop();
    throw err;
  }
  return { url, name };
}
