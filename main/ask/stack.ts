import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Pipeline } from '../../nodes/sdk';
import type { SecretStore } from '../store';

/** The secret holding a project's database password: named for the project, within the secret name rules. */
export function databaseSecretName(projectId: string): string {
  return `POSTGRES_PASSWORD_${projectId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`.slice(0, 128).replace(/_+$/, '');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Readies a confirmed plan's compose stack to run on this machine: a compose deployment that
 * names no secret gets the project's database password (made up once, kept in the secrets store;
 * the document holds only its name), and the infrastructure it deploys is published on a port
 * free now (or the one it had) rather than the app's own, which another app may hold.
 */
export async function prepareStack(doc: Pipeline, projectId: string, secrets: SecretStore, base?: Pipeline): Promise<{ doc: Pipeline; generated?: string }> {
  const deploys = doc.nodes.filter((n) => n.kind === 'compose-deploy' && !n.params.secret && (n.params.secretVariable ?? 'POSTGRES_PASSWORD') === 'POSTGRES_PASSWORD');
  if (!deploys.length) return { doc };
  const name = databaseSecretName(projectId);
  let generated: string | undefined;
  if (!secrets.has(name)) {
    secrets.set(name, randomBytes(24).toString('base64url'));
    generated = name;
  }
  const nodes = await Promise.all(
    doc.nodes.map(async (n) => {
      if (deploys.includes(n)) return { ...n, params: { ...n.params, secret: name } };
      if (n.kind !== 'iac' || n.params.hostPort !== undefined) return n;
      // A changed pipeline keeps the port its app is already reached on.
      const before = base?.nodes.find((b) => b.id === n.id && b.kind === 'iac')?.params.hostPort;
      return { ...n, params: { ...n.params, hostPort: typeof before === 'number' ? before : await freePort() } };
      return n;
    }),
  );
  return { doc: { ...doc, nodes }, ...(generated ? { generated } : {}) };
}
