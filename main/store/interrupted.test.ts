import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { Store } from './index';
import { sampleDoc, tempDir, tempStore } from './store.test-support';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

/**
 * Starts a real Pipewright process that begins run `runId` in `file`, finishes one node, starts
 * another, then is killed mid-run as a crash would; resolves with the dead process's pid.
 */
async function crashMidRun(dir: string, file: string, runId: string): Promise<number> {
  const script = path.join(dir, 'crashing-run.ts');
  fs.writeFileSync(
    script,
    `import { Store } from ${JSON.stringify(path.join(here, 'index'))};
     const store = Store.openFile(${JSON.stringify(file)});
     const runId = ${JSON.stringify(runId)};
     store.runs.begin({ runId, projectId: 'site', pipelineId: 'site', doc: ${JSON.stringify(sampleDoc('site'))}, scope: { kind: 'all' } });
     const record = store.runs.recorder();
     record({ type: 'run-started', runId, projectId: 'site', pipelineId: 'site', scope: { kind: 'all' }, resumed: false, at: 1 });
     record({ type: 'node-queued', runId, nodeId: 'n1', kind: 'text', at: 2 });
     record({ type: 'node-queued', runId, nodeId: 'n2', kind: 'shell', at: 2 });
     record({ type: 'node-queued', runId, nodeId: 'n3', kind: 'shell', at: 2 });
     record({ type: 'node-finished', runId, nodeId: 'n1', kind: 'text', status: 'succeeded', outputs: { text: 'spec' },
              outputFingerprints: { text: 'fp' }, cacheKey: 'k1', durationMs: 1, at: 3 });
     record({ type: 'node-started', runId, nodeId: 'n2', kind: 'shell', attempt: 1, at: 4 });
     store.runs.flush();
     process.stdout.write('ready\\n');
     setInterval(() => {}, 1000);
    `,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the crashing process ended early (${code}): ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return child.pid!;
}

function statusOf(file: string, runId: string): string {
  const db = openSqlite(file, { readonly: true });
  try {
    return db.prepare<{ status: string }>('SELECT status FROM runs WHERE id = ?').get(runId)!.status;
  } finally {
    db.close();
  }
}

describe('runs cut off by a crash', () => {
  it('markInterrupted: a run whose process is gone becomes interrupted, its finished nodes kept', async () => {
    const store = tempStore();
    const pid = await crashMidRun(tempDir(), store.file, 'crashed');
    expect(statusOf(store.file, 'crashed')).toBe('running');

    expect(store.runs.markInterrupted()).toBe(1);
    const run = store.runs.get('crashed')!;
    expect(run.status).toBe('interrupted');
    expect(run.error).toContain(`process ${pid} ended before it finished`);
    const nodes = Object.fromEntries(store.runs.nodeRuns('crashed').map((n) => [n.nodeId, n]));
    expect(nodes.n1).toMatchObject({ status: 'succeeded', outputs: { text: 'spec' } });
    expect(nodes.n2).toMatchObject({ status: 'cancelled', error: 'run was interrupted' });
    expect(nodes.n3).toMatchObject({ status: 'cancelled', error: 'run was interrupted' });

    expect(store.runs.latestResumable('site')?.id).toBe('crashed');
    expect([...store.runs.priorResults('crashed').keys()]).toEqual(['n1']);
    expect(store.runs.markInterrupted()).toBe(0);
  });

  it('opening the store marks runs of dead processes, never those of a live one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pipewright.db');
    const live = Store.openFile(file);
    live.runs.begin({ runId: 'live', projectId: 'site', pipelineId: 'site', doc: sampleDoc('site'), scope: { kind: 'all' } });
    expect(live.runs.get('live')?.pid).toBe(process.pid);

    await crashMidRun(dir, file, 'crashed');
    const reopened = Store.openFile(file);
    expect(reopened.runs.get('crashed')?.status).toBe('interrupted');
    expect(reopened.runs.get('live')?.status).toBe('running');
    expect(reopened.runs.markInterrupted()).toBe(0);
    expect(reopened.runs.get('live')?.status).toBe('running');
    reopened.close();
    live.close();
  });
});
