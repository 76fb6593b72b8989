import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/*
 * How Pipewright signs in to an engine at ssh://user@host, as `docker -H ssh://…` would with
 * OpenSSH: the user of this machine when the address names none, the SSH agent (or, without
 * one, the usual unencrypted key files), and the host's key checked against known_hosts. The
 * SSH library accepts any host key unless told otherwise, which would hand the Docker engine's
 * control (root on that machine) to whoever answers on the address.
 */

/** Where OpenSSH keeps the keys of hosts this user accepted. */
export function knownHostsFile(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/** This machine's user name, as ssh uses it when the address names none. */
export function defaultSshUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER || process.env.LOGNAME || 'root';
  }
}

/** The name known_hosts files a host under: `host`, or `[host]:port` off port 22. */
function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** A plain or `*`/`?` pattern from a known_hosts host list, matched as OpenSSH does (negations ignored). */
function patternMatches(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase();
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** Whether the host list of a known_hosts line (plain names, patterns, or a hashed `|1|salt|hash`) names `name`. */
function hostsMatch(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return hosts.split(',').some((p) => !p.startsWith('!') && patternMatches(p, name));
}

/** The keys known_hosts holds for host:port, as raw key blobs (what the SSH library hands a verifier). */
export function knownKeys(host: string, port: number, file = knownHostsFile()): Buffer[] {
  if (!existsSync(file)) return [];
  const name = knownHostName(host, port);
  const keys: Buffer[] = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    // @revoked and @cert-authority lines are not keys of the host itself.
    if (fields[0].startsWith('@')) continue;
    const [hosts, , key] = fields;
    if (hosts && key && hostsMatch(hosts, name)) keys.push(Buffer.from(key, 'base64'));
  }
  return keys;
}

/** Whether a private key file needs a passphrase: PEM's ENCRYPTED header, or an OpenSSH key whose cipher is not "none". */
function needsPassphrase(key: string): boolean {
  if (/ENCRYPTED/.test(key)) return true;
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(key)?.[1];
  if (!body) return false;
  // "openssh-key-v1\0", then the cipher's name as a length-prefixed string.
  const raw = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (raw.length < 19) return true;
  return raw.toString('latin1', 19, 19 + raw.readUInt32BE(15)) !== 'none';
}

/** The key files OpenSSH tries when no agent is running, that exist and are not protected by a passphrase. */
function defaultKeys(): Buffer[] {
  const dir = join(homedir(), '.ssh');
  return ['id_ed25519', 'id_ecdsa', 'id_rsa']
    .map((f) => join(dir, f))
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p))
    .filter((k) => !needsPassphrase(k.toString('utf8')));
}

/**
 * Options for the SSH connection to host:port: the agent when SSH_AUTH_SOCK names one, else
 * the first unencrypted default key file; and a verifier that accepts only a key known_hosts
 * lists for that host (read at each connection, so `ssh user@host` accepting it once is enough).
 */
export function sshOptions(host: string, port: number): Record<string, unknown> {
  const agent = process.env.SSH_AUTH_SOCK || undefined;
  const [privateKey] = agent ? [] : defaultKeys();
  return {
    ...(agent ? { agent } : {}),
    ...(privateKey ? { privateKey } : {}),
    hostVerifier: (key: Buffer) => knownKeys(host, port).some((known) => known.equals(key)),
  };
}

/** The ssh command line that reaches the engine at `where` (ssh://user@host:port), to try by hand. */
export function sshCommand(where: string): string {
  try {
    const url = new URL(where);
    return `ssh ${url.port && url.port !== '22' ? `-p ${url.port} ` : ''}${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname}`;
  } catch {
    return `ssh ${where.replace(/^ssh:\/\//, '')}`;
  }
}

/** What to do about an SSH failure at `where`, in the words a person would search for. */
export function sshAdvice(where: string, detail: string): string {
  const target = sshCommand(where);
  if (/verification failed|host denied/i.test(detail)) {
    return `the host's SSH key is not in ${knownHostsFile()} (or differs from the one there). If you trust it, run \`${target}\` once from this machine to accept its key, then test again`;
  }
  if (/authentication methods failed|authentication failed/i.test(detail)) {
    const how = process.env.SSH_AUTH_SOCK
      ? 'through your SSH agent (SSH_AUTH_SOCK): `ssh-add` the key that logs in there'
      : 'through an SSH agent, and no agent runs for Pipewright (SSH_AUTH_SOCK is not set) nor is there an unencrypted ~/.ssh/id_ed25519, id_ecdsa or id_rsa: start ssh-agent, `ssh-add` your key, and start Pipewright from that shell';
    return `the engine's machine refused the sign-in. Pipewright signs in ${how}. \`${target} docker version\` must work from this machine`;
  }
  if (/dial-stdio|command not found|exit code|unknown command/i.test(detail)) {
    return `signed in, but \`docker system dial-stdio\` did not start there: Docker's CLI must be installed on that machine and on the user's PATH`;
  }
  return `Check that this machine reaches it (\`${target} docker version\` must work here) and its address in Settings → Docker engines`;
}
