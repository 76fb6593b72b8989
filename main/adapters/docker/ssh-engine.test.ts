import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Server, utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerClient } from './client';
import { dockerForTests } from './docker.test-support';
import { knownKeys } from './ssh-options';

/*
 * An engine at ssh://user@host, signed in to as `docker -H ssh://…` does: this machine's
 * engine behind an SSH server. The server is a stand-in for OpenSSH's sshd (not installed on
 * the test machines) written with the ssh2 library's server side: it checks the client's key
 * and runs only `docker system dial-stdio`, which it connects to this machine's Docker socket,
 * as the docker CLI on the far side would. Everything of the client side is Pipewright's own.
 */

const local = await dockerForTests();
const home = mkdtempSync(join(tmpdir(), 'pw-ssh-home-'));
const realHome = process.env.HOME;
const realAgent = process.env.SSH_AUTH_SOCK;
let server: Server | undefined;
let port = 0;
let hostKeyLine = '';
/** The user names the stand-in saw sign in. */
const signedIn: string[] = [];

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pipewright-test', '-f', file]);
}

beforeAll(async () => {
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  keygen(join(home, '.ssh', 'id_ed25519'));
  keygen(join(home, 'host_key'));
  const allowed = utils.parseKey(readFileSync(join(home, '.ssh', 'id_ed25519.pub')));
  if (allowed instanceof Error) throw allowed;
  server = new Server({ hostKeys: [readFileSync(join(home, 'host_key'))] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject(['publickey']);
      if (ctx.signature && !allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo)) return ctx.reject(['publickey']);
      if (ctx.signature) signedIn.push(ctx.username);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('exec', (accept, reject, info) => {
          if (info.command !== 'docker system dial-stdio') return reject();
          const stream = accept();
          const socket = netConnect('/var/run/docker.sock');
          stream.pipe(socket).pipe(stream);
          socket.on('close', () => stream.close());
          stream.on('close', () => socket.destroy());
        });
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const hostPub = readFileSync(join(home, 'host_key.pub'), 'utf8').split(' ');
  hostKeyLine = `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}\n`;
  // Pipewright reads ~/.ssh of the user it runs as: this test's own.
  process.env.HOME = home;
  delete process.env.SSH_AUTH_SOCK;
});

afterAll(() => {
  server?.close();
  process.env.HOME = realHome;
  if (realAgent) process.env.SSH_AUTH_SOCK = realAgent;
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!local)('a Docker engine at ssh://', () => {
  it("is refused while its host key is not in known_hosts, saying how to accept it", async () => {
    writeFileSync(join(home, '.ssh', 'known_hosts'), '');
    const result = await DockerClient.test({ host: `ssh://builder@127.0.0.1:${port}` });
    expect(result.ok).toBe(false);
    const reason = (result as { reason: string }).reason;
    expect(reason).toContain(`no Docker engine answers at ssh://builder@127.0.0.1:${port}`);
    expect(reason).toContain(`is not in ${join(home, '.ssh', 'known_hosts')}`);
    expect(reason).toContain(`\`ssh -p ${port} builder@127.0.0.1\``);
    expect(signedIn).toEqual([]);
  });

  it('answers Test with docker info once the host is known, signing in with the key in ~/.ssh as this user when the address names none', async () => {
    writeFileSync(join(home, '.ssh', 'known_hosts'), `# accepted earlier\n${hostKeyLine}`);
    const named = await DockerClient.test({ host: `ssh://builder@127.0.0.1:${port}` });
    expect(named).toEqual({ ok: true, summary: expect.stringMatching(new RegExp(`^Docker \\S+ on .* at ssh://builder@127\\.0\\.0\\.1:${port}: \\d+ CPUs`)) });
    const unnamed = await DockerClient.test({ host: `ssh://127.0.0.1:${port}` });
    expect(unnamed.ok).toBe(true);
    // Each request is a connection of its own (the ping, then docker info).
    expect([...new Set(signedIn)]).toEqual(['builder', userInfo().username]);
  });

  it('lists the containers of the engine behind it (the same engine as here)', async () => {
    const client = new DockerClient({ host: () => undefined, image: () => 'unused', engines: () => ({ viassh: { host: `ssh://builder@127.0.0.1:${port}` } }) });
    const there = await client.connection('viassh').docker.listContainers({ all: true });
    const here = await local!.docker.listContainers({ all: true });
    expect(there.map((c) => c.Id).sort()).toEqual(here.map((c) => c.Id).sort());
    expect(client.scoped({ projectId: 'p', nodeId: 'n', runId: 'r', signal: new AbortController().signal, log: () => undefined }, 'viassh').engine()).toEqual({
      name: 'viassh',
      where: `ssh://builder@127.0.0.1:${port}`,
      remote: false,
    });
  });

  it("is refused when the host's key differs from the one known, and when no key of this user signs in", async () => {
    const other = hostKeyLine.replace(/ \S+\n$/, ` ${readFileSync(join(home, '.ssh', 'id_ed25519.pub'), 'utf8').split(' ')[1]}\n`);
    writeFileSync(join(home, '.ssh', 'known_hosts'), other);
    expect(knownKeys('127.0.0.1', port)).toHaveLength(1);
    const spoofed = await DockerClient.test({ host: `ssh://builder@127.0.0.1:${port}` });
    expect((spoofed as { reason: string }).reason).toContain('or differs from the one there');

    writeFileSync(join(home, '.ssh', 'known_hosts'), hostKeyLine);
    rmSync(join(home, '.ssh', 'id_ed25519'));
    const noKey = await DockerClient.test({ host: `ssh://builder@127.0.0.1:${port}` });
    expect(noKey.ok).toBe(false);
    expect((noKey as { reason: string }).reason).toContain('refused the sign-in');
    expect((noKey as { reason: string }).reason).toContain('SSH_AUTH_SOCK is not set');
  });
});

describe('an ssh:// address where something accepts the connection and never speaks SSH', () => {
  it('is said not to answer after the ping timeout, not after the SSH handshake one (20 s)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const began = Date.now();
      const result = await DockerClient.test({ host: `ssh://ops@127.0.0.1:${(silent.address() as AddressInfo).port}` });
      expect((result as { reason: string }).reason).toContain('(no answer in 3 s)');
      expect(Date.now() - began).toBeLessThan(12_000);
    } finally {
      silent.close();
    }
  }, 30_000);
});

describe('known_hosts', () => {
  const file = join(home, 'kh');
  const blob = (s: string) => Buffer.from(s).toString('base64');
  it('finds a host by name, by [host]:port, in a list, by pattern and hashed as OpenSSH writes it, and skips revoked keys', () => {
    const salt = Buffer.from('0123456789abcdef0123');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('hashed.example').digest('base64')}`;
    writeFileSync(
      file,
      [
        `gpu-box,10.0.0.5 ssh-ed25519 ${blob('k1')}`,
        `[gpu-box]:2222 ssh-ed25519 ${blob('k2')}`,
        `*.lab.example ssh-ed25519 ${blob('k3')}`,
        `${hashed} ssh-ed25519 ${blob('k4')}`,
        `@revoked gpu-box ssh-ed25519 ${blob('bad')}`,
        '# a comment',
        '',
      ].join('\n'),
    );
    expect(knownKeys('gpu-box', 22, file).map(String)).toEqual(['k1']);
    expect(knownKeys('10.0.0.5', 22, file).map(String)).toEqual(['k1']);
    expect(knownKeys('gpu-box', 2222, file).map(String)).toEqual(['k2']);
    expect(knownKeys('node1.lab.example', 22, file).map(String)).toEqual(['k3']);
    expect(knownKeys('hashed.example', 22, file).map(String)).toEqual(['k4']);
    expect(knownKeys('elsewhere', 22, file)).toEqual([]);
    expect(knownKeys('gpu-box', 22, join(home, 'missing'))).toEqual([]);
  });
});
