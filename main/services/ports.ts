import { createServer } from 'node:net';
import { NodeError } from '../../nodes/sdk';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The port in a service's URL, if it names one. */
export function portOf(url: string | undefined): number | undefined {
  if (!url) return undefined;
  const port = Number(URL.parse(url)?.port || NaN);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** A port nothing listens on right now (the service binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The port on 127.0.0.1 for a local service: the one the node's `port` param asks for (refused,
 * naming the param, when another program has it), else `previous` when it is free or `ours`
 * says the process holding it is the one being replaced (so the URL stays the same across
 * runs), else any free one.
 */
export async function choosePort(options: {
  wanted?: number;
  previous?: number;
  ours?: (port: number) => Promise<boolean>;
}): Promise<number> {
  if (options.wanted !== undefined) {
    if (!(await portFree(options.wanted))) {
      throw new NodeError(
        `param "port": ${options.wanted} on 127.0.0.1 is already in use by another program; choose another port, or leave it empty for a free one`,
      );
    }
    return options.wanted;
  }
  const { previous, ours } = options;
  if (previous !== undefined && ((await portFree(previous)) || (await ours?.(previous)))) return previous;
  return freePort();
}
