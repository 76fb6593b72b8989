import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createApi, type EventSink } from '../../api';
import { openHost } from '../../host';
import { mcpEndpoint } from '../../mcp/http';
import { PipewrightMcp } from '../../mcp/mcp-server';
import { managedStarter } from '../../mcp/run-starter';
import { createRestApi } from '../../server/rest';
import { serveRenderer } from '../../server/static-server';
import { defaultHome } from '../../store';
import { UsageError, flag, intFlag, parseCommand } from '../args';
import type { Io } from '../io';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

/** out/renderer, found from the built CLI (out/main) or from the sources. */
export function rendererDir(): string {
  if (process.env.PIPEWRIGHT_RENDERER) return process.env.PIPEWRIGHT_RENDERER;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (basename(dir) === 'out' && existsSync(join(dir, 'renderer'))) return join(dir, 'renderer');
    if (existsSync(join(dir, 'out', 'renderer'))) return join(dir, 'out', 'renderer');
  }
  return join(process.cwd(), 'out', 'renderer');
}

export async function serveCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'serve', { port: 'value', host: 'value', 'allow-remote': 'flag' });
  const host = flag(args, 'host') ?? '127.0.0.1';
  const remote = !LOOPBACK.includes(host);
  if (remote && !args.flags.has('allow-remote')) {
    throw new UsageError(
      `serving on ${host} exposes Pipewright beyond this machine; add --allow-remote if you mean it`,
    );
  }
  const root = rendererDir();
  if (!existsSync(join(root, 'index.html'))) throw new UsageError(`the UI is not built (${root}): run \`npm run build\` first`);
  const home = defaultHome();
  const pw = openHost({ home });
  // The API is made before the server it talks through, so its events go through a late-bound sink.
  let sink: EventSink = () => {};
  const api = createApi({ host: pw, emit: (name, payload) => sink(name, payload) });
  const mcp = new PipewrightMcp(pw, {}, managedStarter(api.runs));
  let s;
  try {
    const rest = createRestApi({ host: pw, runs: api.runs });
    s = await serveRenderer({ root, host, port: intFlag(args, 'port', 0), handlers: api.handlers, rest, mcp: mcpEndpoint(mcp) });
  } catch (err) {
    pw.close();
    throw err;
  }
  const ws = s.api!;
  sink = (name, payload) => ws.broadcast(name, payload);
  io.stdout.write(`Pipewright is serving on ${s.url} (data in ${home})\nopen ${s.loginUrl}\n`);
  io.stdout.write(`HTTP API: ${s.url}/api/v1 (Authorization: Bearer <the token in that URL>), described at ${s.url}/api/v1/openapi.json\n`);
  if (remote) {
    io.stderr.write(
      `warning: listening on ${host}: the token in that URL is the only lock — anyone who has it can run commands on this machine\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Runs still going are cancelled (processes killed, the cancel recorded) before the database closes.
  await mcp.close();
  await api.close();
  await s.close();
  pw.close();
  return 0;
}
