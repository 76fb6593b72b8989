import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CapabilityScope } from '../../nodes/sdk';
import { isProcessRunning } from '../../nodes/test-context.test-support';
import { readProcessRow } from '../adapters/pty/process-table';
import { Store } from '../store';
import { localServicesOf, type LocalServices } from '.';

/*
 * Local services for real: processes started detached, recorded in a real SQLite file, found
 * again by a second store on the same file (another Pipewright process), and stopped with
 * everything they started.
 */

const linux = process.platform === 'linux';

/** A server that starts a child of its own and one that leaves its session, then prints their PIDs. */
const SERVER = `
const { spawn } = require('node:child_process');
const http = require('node:http');
const child = spawn('sleep', ['300'], { stdio: 'ignore' });
// Leaves the service's session and is orphaned at once: only the marker it inherited names it.
const escaped = spawn('/bin/sh', ['-c', 'sleep 300 & echo $!'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
escaped.stdout.on('data', (d) => console.log('escaped=' + String(d).trim()));
console.log('child=' + child.pid);
http.createServer((req, res) => { console.log(req.method + ' ' + req.url); res.end('hello'); })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT));
`;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('local services', () => {
  let dir: string;
  let store: Store;
  let local: LocalServices;
  const scope = (nodeId: string, runId = 'run-1'): CapabilityScope => ({
    projectId: 'proj',
    nodeId,
    runId,
    signal: new AbortController().signal,
    log: () => undefined,
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-local-services-'));
    store = Store.open(join(dir, 'home'));
    local = localServicesOf(store);
    await writeFile(join(dir, 'server.js'), SERVER);
  });

  afterEach(async () => {
    for (const s of await local.list()) await local.stop(s.name);
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const pidsIn = (text: string, label: string) => [...text.matchAll(new RegExp(`${label}=(\\d+)`, 'g'))].map((m) => Number(m[1]));

  it('is recorded for every Pipewright on the data folder, logs to a file, and is stopped with every process it started', async () => {
    const port = await freePort();
    const output: string[] = [];
    const server = await local.scoped(scope('web')).start({
      name: 'local-proj-web',
      command: `exec "${process.execPath}" server.js`,
      cwd: dir,
      env: { PORT: String(port) },
      url: `http://127.0.0.1:${port}`,
      keep: true,
      configHash: 'abc',
      onOutput: (c) => output.push(c),
    });
    await vi.waitFor(() => expect(output.join('')).toContain(`listening on ${port}`), { timeout: 10_000 });
    server.detach();
    expect(await (await fetch(`http://127.0.0.1:${port}/hi`)).text()).toBe('hello');

    // Another process on the same data folder: a store of its own, the same record.
    const other = Store.open(join(dir, 'home'));
    try {
      const seen = localServicesOf(other);
      expect(await seen.list('proj')).toEqual([
        expect.objectContaining({ name: 'local-proj-web', pid: server.pid, url: `http://127.0.0.1:${port}`, keep: true, running: true, configHash: 'abc', runId: 'run-1' }),
      ]);
      expect(await seen.scoped(scope('web', 'run-2')).current()).toMatchObject({ name: 'local-proj-web', running: true, configHash: 'abc' });
      await vi.waitFor(() => expect(seen.logs('local-proj-web', 5)).toContain('GET /hi'), { timeout: 5000 });
      const log = await readFile(server.logFile, 'utf8');
      const [child] = pidsIn(log, 'child');
      let escaped: number | undefined;
      await vi.waitFor(async () => {
        [escaped] = pidsIn(await readFile(server.logFile, 'utf8'), 'escaped');
        expect(escaped).toBeGreaterThan(0);
      });
      expect(isProcessRunning(child)).toBe(true);
      expect(isProcessRunning(escaped!)).toBe(true);

      expect(await seen.stop('local-proj-web')).toBe(true);
      expect(isProcessRunning(server.pid)).toBe(false);
      expect(isProcessRunning(child)).toBe(false);
      // Found through the marker in its environment (Linux lets us read it).
      if (linux) expect(isProcessRunning(escaped!)).toBe(false);
      expect(await local.list()).toEqual([]);
      expect(await seen.stop('local-proj-web')).toBe(false);
    } finally {
      other.close();
    }
  });

  it('does not trust a PID that now belongs to another process', async () => {
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const row = (await readProcessRow(stranger.pid!))!;
      // A record whose PID was given to the stranger since: another start time.
      store.localServices.put({
        name: 'local-proj-old',
        projectId: 'proj',
        nodeId: 'old',
        runId: 'run-0',
        pid: stranger.pid!,
        pidStart: linux ? row.startTime - 1 : 0,
        marker: 'PIPEWRIGHT_SERVICE=gone',
        logFile: join(dir, 'none.log'),
        startedAt: Date.now(),
        keep: true,
      });
      if (!linux) return; // without start times a live PID is all there is to go by
      expect(await local.list()).toEqual([expect.objectContaining({ name: 'local-proj-old', running: false })]);
      expect(await local.stop('local-proj-old')).toBe(true);
      expect(isProcessRunning(stranger.pid!)).toBe(true);
      expect(await local.list()).toEqual([]);
    } finally {
      stranger.kill();
    }
  });

  it('stops what a run held at its end, and what a run that was cut off held; kept ones stay', async () => {
    const start = (nodeId: string, runId: string, keep: boolean) =>
      local.scoped(scope(nodeId, runId)).start({ name: `local-proj-${nodeId}`, command: 'exec sleep 300', cwd: dir, keep });
    const held = await start('held', 'run-a', false);
    const kept = await start('kept', 'run-a', true);
    const other = await start('other', 'run-b', false);
    expect(await local.releaseRun('run-a')).toBe(1);
    expect(isProcessRunning(held.pid)).toBe(false);
    expect(isProcessRunning(kept.pid)).toBe(true);
    expect(isProcessRunning(other.pid)).toBe(true);

    expect(await local.stopOrphans((runId) => runId === 'run-b')).toBe(1);
    expect(isProcessRunning(other.pid)).toBe(false);
    expect((await local.list()).map((s) => s.name)).toEqual(['local-proj-kept']);
  });

  it('hands a reused service to the run that reuses it, and replaces one started again', async () => {
    const api = local.scoped(scope('ide', 'run-a'));
    const first = await api.start({ name: 'vscode-proj-ide', command: 'exec sleep 300', cwd: dir, keep: false });
    await local.scoped(scope('ide', 'run-b')).adopt('vscode-proj-ide', true);
    expect(await local.releaseRun('run-a')).toBe(0);
    expect(await local.list()).toEqual([expect.objectContaining({ runId: 'run-b', keep: true, running: true })]);

    const second = await api.start({ name: 'vscode-proj-ide', command: 'exec sleep 300', cwd: dir, keep: true });
    expect(isProcessRunning(first.pid)).toBe(false);
    expect((await local.list()).map((s) => s.pid)).toEqual([second.pid]);
    await api.stopPrevious();
    expect(isProcessRunning(second.pid)).toBe(false);
    expect(await api.current()).toBeUndefined();
  });

  it('keeps the services of two pipelines of a project apart when their nodes share an id', async () => {
    // The project's main pipeline's node "web", and node "web" of its pipeline "part".
    const main = local.scoped(scope('web'));
    const part = local.scoped({ ...scope('web'), placeId: '@part/web' });
    const mine = await main.start({ name: 'local-proj-web', command: 'exec sleep 300', cwd: dir, keep: true });
    const theirs = await part.start({ name: 'local-proj-@part/web', command: 'exec sleep 300', cwd: dir, keep: true });
    await part.stopPrevious();
    expect(isProcessRunning(theirs.pid)).toBe(false);
    expect(isProcessRunning(mine.pid)).toBe(true);
    expect(await main.current()).toMatchObject({ name: 'local-proj-web', running: true });
    expect(await part.current()).toBeUndefined();
  });

  it('reports how a service ended while it is watched, and what it printed', async () => {
    const api = local.scoped(scope('broken'));
    const broken = await api.start({ name: 'local-proj-broken', command: 'echo "cannot bind"; exit 4', cwd: dir, keep: true });
    await vi.waitFor(() => expect(broken.exited()).toEqual({ code: 4 }));
    expect(broken.logs(5)).toBe('cannot bind');
    expect(await local.list()).toEqual([expect.objectContaining({ name: 'local-proj-broken', running: false })]);
    await broken.stop();
    expect(await local.list()).toEqual([]);
  });

  it('says which program could not be started', async () => {
    const err = await local
      .scoped(scope('missing'))
      .start({ name: 'local-proj-missing', command: [join(dir, 'no-such-program')], cwd: dir, keep: true })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^cannot start .*no-such-program: spawn .* ENOENT/);
    expect(await local.list()).toEqual([]);
  });
});
