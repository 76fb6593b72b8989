import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBlueprint } from '../blueprint';
import { writeScaffold } from './scaffolds';

const run = promisify(execFile);
/** The PostgreSQL image: CI's local one (built from Debian's packages) or the public default. */
const POSTGRES_IMAGE = process.env.PIPEWRIGHT_IMAGE_POSTGRES ?? 'postgres:16';

/** Debian's python3, which has Debian's psycopg2 (python3-psycopg2, installed by .ci/run); not a pyenv one. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Polls `url` until `ok` holds (the first request after a start can hang: each has a timeout). */
async function until(url: string, ok: (r: { status: number; body: unknown }) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const r = await get(url);
      if (ok(r)) return r;
      last = r;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${url} never answered as expected; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function startApp(dir: string, port: number, databaseUrl: string): ChildProcess {
  const child = spawn(PYTHON, ['app.py'], { cwd: dir, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl }, stdio: 'ignore' });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await new Promise((r) => child.once('exit', r));
    }
  });
  return child;
}

describe('the Python scaffold with PostgreSQL', () => {
  it('keeps records in a real PostgreSQL, reports it reachable on /health, and 503 once it is gone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pipewright-pg-scaffold-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const bp = parseBlueprint('# Library\n\nA Python API for books, stored in PostgreSQL.\n\nResources:\n- Books (title, author)\n');
    expect(bp.database).toBe('postgres');
    const { files } = await writeScaffold('python-api', bp, dir);
    expect(files).toContain('requirements.txt');

    // Its own tests pass without a database (the code generator runs them in a sandbox).
    await run(PYTHON, ['-m', 'unittest'], { cwd: dir });

    const dbPort = await freePort();
    const name = `pipewright-pg-scaffold-${process.pid}-${dbPort}`;
    await run('docker', ['run', '-d', '--rm', '--name', name, '-e', 'POSTGRES_PASSWORD=test-only', '-e', 'POSTGRES_USER=app', '-e', 'POSTGRES_DB=app', '-p', `127.0.0.1:${dbPort}:5432`, POSTGRES_IMAGE]);
    cleanups.push(() => run('docker', ['rm', '-f', name]));

    const url = `postgresql://app:test-only@127.0.0.1:${dbPort}/app`;
    const port = await freePort();
    const app = startApp(dir, port, url);
    const health = await until(`http://127.0.0.1:${port}/health`, (r) => r.status === 200);
    expect(health.body).toEqual({ status: 'ok', database: 'reachable' });
    const created = await get(`http://127.0.0.1:${port}/books`, { method: 'POST', body: JSON.stringify({ title: 'Dune', author: 'Herbert' }) });
    expect(created.status).toBe(201);

    // A new process sees the record: it is in the database, not in memory.
    app.kill();
    await new Promise((r) => app.once('exit', r));
    const again = await freePort();
    startApp(dir, again, url);
    await until(`http://127.0.0.1:${again}/health`, (r) => r.status === 200);
    expect((await get(`http://127.0.0.1:${again}/books`)).body).toEqual([{ title: 'Dune', author: 'Herbert', id: (created.body as { id: number }).id }]);

    await run('docker', ['rm', '-f', name]);
    const down = await until(`http://127.0.0.1:${again}/health`, (r) => r.status === 503, 15_000);
    expect(down.body).toMatchObject({ status: 'error', database: 'unreachable' });
  }, 90_000);
});
