import { createServer } from 'node:net';
import { NodeError } from '../../sdk';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

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

/** The param's port (refused when taken), else the previous server's (a stable URL), else a free one. */
export async function choosePort(params: { port?: number }, previous: number | undefined): Promise<number> {
  if (params.port !== undefined) {
    if (!(await portFree(params.port))) {
      throw new NodeError(`param "port": ${params.port} on 127.0.0.1 is already in use by another program; choose another port, or leave it empty for a free one`);
    }
    return params.port;
  }
  if (previous !== undefined && (await portFree(previous))) return previous;
  return freePort();
}

export function portOf(url: string | undefined): number | undefined {
  const port = Number(url ? new URL(url).port : NaN);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

