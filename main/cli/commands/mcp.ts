import { openHost } from '../../host';
import { serveStdio } from '../../mcp/stdio';
import { defaultHome } from '../../store';
import { UsageError, flag, parseCommand } from '../args';
import type { Io } from '../io';

/**
 * `pipewright mcp [--project ID]`: Pipewright as an MCP server on standard input and output,
 * for an assistant that starts it as a command. Standard output carries the protocol alone, so
 * anything else this process would print goes to standard error.
 */
export async function mcpCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'mcp', { project: 'value' });
  if (args.positionals.length) throw new UsageError(`mcp takes no arguments, got: ${args.positionals.join(' ')}`);
  const projectId = flag(args, 'project');
  const host = openHost({ home: defaultHome() });
  const restore = { log: console.log, info: console.info };
  console.log = console.error;
  console.info = console.error;
  try {
    if (projectId !== undefined && !host.store.projects.get(projectId)) {
      const known = host.store.projects.list().map((p) => p.id);
      throw new UsageError(`mcp --project ${projectId}: no such project in ${host.home}${known.length ? ` (projects: ${known.slice(0, 10).join(', ')})` : ''}`);
    }
    const stop = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.stderr.write(`Pipewright MCP server on stdio (data in ${host.home}${projectId ? `, project ${projectId}` : ''})\n`);
    await serveStdio(host, projectId === undefined ? {} : { projectId }, stop);
    return 0;
  } finally {
    console.log = restore.log;
    console.info = restore.info;
    host.close();
  }
}
