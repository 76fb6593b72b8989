import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunContext, SecretsApi } from '../../sdk';

/**
 * The password that guards VS Code. It is generated once per node and kept in the secret store,
 * so a reused server keeps its password and the app can sign the person in. code-server only
 * ever sees its SHA-256 (HASHED_PASSWORD), never the password.
 */

export const PASSWORD_FILE = 'password';

export interface Password {
  value: string;
  /** Where the person finds it: a secret's name, or (without a secret store that takes writes) a file. */
  secretName?: string;
  file?: string;
}

/** `vscode-workspace.<project>.<node>.password`, squeezed into what a secret name may hold. */
export function passwordSecretName(projectId: string, nodeId: string): string {
  const part = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const name = `vscode-workspace.${part(projectId)}.${part(nodeId)}.password`;
  if (name.length <= 128) return name;
  const digest = createHash('sha256').update(`${projectId}\0${nodeId}`).digest('hex').slice(0, 12);
  return `vscode-workspace.${digest}.password`;
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** What code-server accepts as HASHED_PASSWORD besides argon2: the SHA-256 in hex. */
export function hashPassword(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

/** The host's secret store, or undefined where the host has none (a bare test context). */
function writableSecrets(ctx: RunContext): SecretsApi | undefined {
  try {
    return ctx.secrets;
  } catch {
    return undefined;
  }
}

/** The node's password from the secret store, made and stored on first use; undefined without a writable store. */
export async function storedPassword(ctx: RunContext): Promise<Password | undefined> {
  const secrets = writableSecrets(ctx);
  if (!secrets) return undefined;
  const secretName = passwordSecretName(ctx.projectId, ctx.nodeId);
  if (!(await secrets.has(secretName))) await secrets.set(secretName, generatePassword());
  return { value: await secrets.get(secretName), secretName };
}

/**
 * Without a secret store that takes writes, the password lives beside the server it guards
 * (mode 600), made fresh with each new server.
 */
export async function filePassword(stateDir: string, create: boolean): Promise<Password | undefined> {
  const file = join(stateDir, PASSWORD_FILE);
  if (create) {
    const value = generatePassword();
    await writeFile(file, value, { mode: 0o600 });
    return { value, file };
  }
  const value = await readFile(file, 'utf8').catch(() => undefined);
  return value ? { value, file } : undefined;
}

export function whereToFind(password: Password): string {
  return password.secretName ? `the secret ${password.secretName}` : `${password.file} (readable by you only)`;
}
