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
 * naming the param, when another program has it), else the previous one when free (so the URL
 * stays the same across runs), else any free one.
 */
export async function choosePort(options: { wanted?: number; previous?: number }): Promise<number> {
  if (options.wanted !== undefined) {
    if (!(await portFree(options.wanted))) {
      throw new NodeError(
        `param "port": ${options.wanted} on 127.0.0.1 is already in use by another program; choose another port, or leave it empty for a free one`,
      );
    }
    return options.wanted;
  }
  if (options.previous !== undefined && (await portFree(options.previous))) return options.previous;
  return freePort();
}
