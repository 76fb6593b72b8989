import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { testImage } from '../../../main/adapters/docker/docker.test-support';
import { parseBlueprint } from '../blueprint';
import { writeScaffold } from './scaffolds';

const run = promisify(execFile);
/** The PostgreSQL image: its PIPEWRIGHT_IMAGE_POSTGRES, else CI's local one (built from Debian's packages). */
const POSTGRES_IMAGE = testImage('postgres');

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

type Start = (dir: string, port: number, databaseUrl: string) => ChildProcess;

function starter(command: string, args: string[]): Start {
  return (dir, port, databaseUrl) => {
    const child = spawn(command, args, { cwd: dir, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl }, stdio: 'ignore' });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await new Promise((r) => child.once('exit', r));
      }
    });
    return child;
  };
}

/** A real PostgreSQL in a container, on a free port of 127.0.0.1; returns its URL and how to remove it. */
async function startPostgres(): Promise<{ url: string; remove: () => Promise<unknown> }> {
  const dbPort = await freePort();
  const name = `pipewright-pg-scaffold-${process.pid}-${dbPort}`;
  await run('docker', ['run', '-d', '--rm', '--name', name, '-e', 'POSTGRES_PASSWORD=test-only', '-e', 'POSTGRES_USER=app', '-e', 'POSTGRES_DB=app', '-p', `127.0.0.1:${dbPort}:5432`, POSTGRES_IMAGE]);
  const remove = () => run('docker', ['rm', '-f', name]);
  cleanups.push(remove);
  return { url: `postgresql://app:test-only@127.0.0.1:${dbPort}/app`, remove };
}

/** Records survive a restart of the app (they are in the database), /health says so, and 503 once it is gone. */
async function checkAgainstPostgres(dir: string, start: Start): Promise<void> {
  const db = await startPostgres();
  const port = await freePort();
  const app = start(dir, port, db.url);
  const health = await until(`http://127.0.0.1:${port}/health`, (r) => r.status === 200);
  expect(health.body).toEqual({ status: 'ok', database: 'reachable' });
  const created = await get(`http://127.0.0.1:${port}/books`, { method: 'POST', body: JSON.stringify({ title: 'Dune', author: 'Herbert' }) });
  expect(created.status).toBe(201);

  app.kill();
  await new Promise((r) => app.once('exit', r));
  const again = await freePort();
  start(dir, again, db.url);
  await until(`http://127.0.0.1:${again}/health`, (r) => r.status === 200);
  expect((await get(`http://127.0.0.1:${again}/books`)).body).toEqual([{ title: 'Dune', author: 'Herbert', id: (created.body as { id: number }).id }]);

  await db.remove();
  const down = await until(`http://127.0.0.1:${again}/health`, (r) => r.status === 503, 15_000);
  expect(down.body).toMatchObject({ status: 'error', database: 'unreachable' });
}

const BLUEPRINT = '# Library\n\nAn API for books, stored in PostgreSQL.\n\nResources:\n- Books (title, author)\n';

async function scaffold(stack: 'python-api' | 'node-api'): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pipewright-pg-scaffold-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const bp = parseBlueprint(BLUEPRINT);
  expect(bp.database).toBe('postgres');
  const { files } = await writeScaffold(stack, bp, dir);
  return { dir, files };
}

describe('the scaffolds with PostgreSQL', () => {
  it('Python: keeps records in a real PostgreSQL, reports it reachable on /health, and 503 once it is gone', async () => {
    const { dir, files } = await scaffold('python-api');
    expect(files).toContain('requirements.txt');
    // Its own tests pass without a database (the code generator runs them in a sandbox).
    await run(PYTHON, ['-m', 'unittest'], { cwd: dir });
    await checkAgainstPostgres(dir, starter(PYTHON, ['app.py']));
  }, 90_000);

  it('Node: the same with the pg package', async () => {
    const { dir } = await scaffold('node-api');
    // Its own tests pass with nothing installed.
    await run('node', ['--test'], { cwd: dir });
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir });
    await checkAgainstPostgres(dir, starter('node', ['src/server.js']));
  }, 120_000);
});
