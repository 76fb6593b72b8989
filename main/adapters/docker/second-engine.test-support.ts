import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EngineAddress } from './connection';

/*
 * A second, real Docker engine for tests of remote engines and Docker Swarm:
 * .ci/tools/second-engine.sh starts it in a network namespace of its own (a veth pair with
 * private addresses), listening on TCP with TLS, with the local test images loaded. One per
 * test file; `down()` removes the daemon, namespace, veth and its files, also after a failure.
 */

const run = promisify(execFile);
const SCRIPT = join(__dirname, '../../../.ci/tools/second-engine.sh');

export interface SecondEngine {
  /** The engine's address on the namespace's side of the veth pair. */
  addr: string;
  /** This machine's address on its side (what a swarm manager here advertises). */
  hostAddr: string;
  /** How Pipewright reaches it: tcp://ADDR:2376 with the client certificate. */
  address: Required<Pick<EngineAddress, 'host' | 'tls'>>;
  /** Its daemon killed at once (a machine going away); `down()` still cleans up. */
  kill(): Promise<void>;
  down(): Promise<void>;
}

function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'they need root (a network namespace and a second dockerd)';
  for (const tool of ['/usr/sbin/ip', '/usr/bin/nsenter', '/usr/bin/openssl', '/usr/sbin/dockerd']) {
    if (!existsSync(tool)) return `${tool} is missing (apt-get install iproute2 util-linux openssl docker.io)`;
  }
  return undefined;
}

/**
 * Starts the second engine with `images` from the local engine loaded into it, or returns
 * undefined after a loud warning outside CI when this machine cannot (not root, tools missing).
 * In CI it must run: a missing piece fails the file.
 */
export async function startSecondEngine(name: string, images: string[]): Promise<SecondEngine | undefined> {
  const problem = whyNot();
  if (problem) {
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`remote-engine tests must run in CI, but ${problem}`);
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! SKIPPING remote Docker engine tests: ${problem}\n${bar}\n`);
    return undefined;
  }
  const script = (...args: string[]) => run('bash', [SCRIPT, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  await removeLeftovers(name, script);
  const dir = await mkdtemp(join(tmpdir(), `pw-engine-${name}-`));
  writeFileSync(join(dir, 'owner'), String(process.pid));
  const down = async () => {
    await script('down', name, dir).catch((err: Error) => console.warn(`second engine ${name}: clean-up failed: ${err.message}`));
  };
  try {
    const { stdout } = await script('up', name, dir);
    const vars = Object.fromEntries(stdout.trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
    if (images.length) await script('load', name, dir, ...images);
    return {
      addr: vars.ADDR,
      hostAddr: vars.HOST_ADDR,
      address: {
        host: vars.HOST,
        tls: { ca: join(vars.CERTS, 'ca.pem'), cert: join(vars.CERTS, 'cert.pem'), key: join(vars.CERTS, 'key.pem') },
      },
      kill: async () => void (await script('kill', name, dir)),
      down,
    };
  } catch (err) {
    await down();
    throw err;
  }
}

/**
 * What an earlier run of the same engine left when its test process died before its clean-up
 * (killed, out of memory): its daemon (started with setsid, so it outlives the test), mounts,
 * namespace and files. A run whose process still lives is another test's: refused, not touched.
 */
async function removeLeftovers(name: string, script: (...args: string[]) => Promise<unknown>): Promise<void> {
  const prefix = `pw-engine-${name}-`;
  for (const entry of readdirSync(tmpdir()).filter((e) => e.startsWith(prefix))) {
    const dir = join(tmpdir(), entry);
    const owner = existsSync(join(dir, 'owner')) ? Number(readFileSync(join(dir, 'owner'), 'utf8').trim()) || undefined : undefined;
    if (owner && owner !== process.pid && alive(owner)) {
      throw new Error(`second engine ${name} is in use by another test process (${owner}, in ${dir}); run one such test file at a time`);
    }
    console.warn(`second engine ${name}: removing what an earlier run left in ${dir}`);
    await script('down', name, dir).catch((err: Error) => console.warn(`second engine ${name}: clean-up of ${dir} failed: ${err.message}`));
  }
  // A namespace or veth with no folder left (removed by hand) goes too.
  await run('bash', ['-c', `ip netns list | grep -qw pw-${name} && ip netns del pw-${name}; ip link del pwh-${name} 2>/dev/null; true`]);
}

const SWARM_LOCK = join(tmpdir(), 'pipewright-test-swarm.lock');

/**
 * This machine's engine can be the manager of one swarm at a time, and test files run side by
 * side: a file makes its swarm only while it holds this lock (a file made with O_EXCL, naming
 * its process; a lock whose process is gone is taken over). Returns the release.
 */
export async function holdSwarm(timeoutMs = 300_000): Promise<() => void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(SWARM_LOCK, String(process.pid), { flag: 'wx' });
      return () => rmSync(SWARM_LOCK, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(SWARM_LOCK, { encoding: 'utf8', flag: 'r' }) || 0);
    if (!holder || !alive(holder)) rmSync(SWARM_LOCK, { force: true });
    else if (Date.now() > end) throw new Error(`another test (process ${holder}) has held the swarm for ${timeoutMs / 1000} s`);
    else await new Promise((r) => setTimeout(r, 500));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
