import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { useApiHost } from './api-host.test-support';
import { QUEUE_MAX } from './run-queue';

// The run queue over a real host: SQLite in a temporary folder, shell nodes under real ptys.
// Each run waits for a gate file named after its input, so the test decides when it ends.

const s = useApiHost('pw-queue-');
const { call } = s;
let gates: string | undefined;
afterEach(() => {
  if (gates) rmSync(gates, { recursive: true, force: true });
  gates = undefined;
});

function gatedDoc(id: string, dir: string): Pipeline {
  return {
    format: FORMAT,
    id,
    name: 'Gated',
    nodes: [
      { id: 'who', kind: 'pipeline-input', version: 1, params: { name: 'who', type: 'text' }, position: { x: 0, y: 0 } },
      {
        id: 'wait',
        kind: 'shell',
        version: 1,
        params: { command: 'read who; while [ ! -f "$GATES/$who" ]; do sleep 0.05; done; echo "ran $who"', env: { GATES: dir } },
        position: { x: 300, y: 0 },
      },
    ],
    edges: [{ id: 'e1', from: { node: 'who', port: 'value' }, to: { node: 'wait', port: 'input' } }],
  };
}

/** The inputs of the runs started so far, in the order they started. */
function started(): string[] {
  return s.events
    .filter((e) => e.type === 'run-started')
    .map((e) => String(s.host.store.runs.get((e as { runId: string }).runId)?.inputs.who));
}

const finishedCount = () => s.events.filter((e) => e.type === 'run-finished').length;

describe('the run queue', () => {
  it('starts at once when idle, queues while a run goes, and starts the queue in its edited order', async () => {
    gates = mkdtempSync(join(tmpdir(), 'pw-gates-'));
    const p = await call('projects.create', { name: 'Queue' });
    const doc = gatedDoc(p.mainPipelineId, gates);

    const first = await call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'A' } });
    expect(first.runId).toEqual(expect.any(String));
    expect(first.queued).toBeUndefined();

    const b = (await call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'B' } })).queued;
    const c = (await call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'C' } })).queued;
    const d = (await call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'D' } })).queued;
    expect(b).toMatchObject({ pipelineName: 'Gated', inputsSummary: 'who = B' });
    expect((await call('queue.list', {})).entries.map((e: { inputsSummary: string }) => e.inputsSummary)).toEqual(['who = B', 'who = C', 'who = D']);

    // Edit the queue: D goes before C, C leaves.
    expect((await call('queue.moveUp', { id: d.id })).entries.map((e: { id: string }) => e.id)).toEqual([b.id, d.id, c.id]);
    expect(await call('queue.remove', { id: c.id })).toEqual({ removed: true });
    expect(await call('queue.remove', { id: c.id })).toEqual({ removed: false });
    expect(started()).toEqual(['A']);

    writeFileSync(join(gates, 'A'), '');
    await expect.poll(started, { timeout: 20_000 }).toEqual(['A', 'B']);
    expect((await call('queue.list', {})).entries.map((e: { id: string }) => e.id)).toEqual([d.id]);
    writeFileSync(join(gates, 'B'), '');
    await expect.poll(started, { timeout: 20_000 }).toEqual(['A', 'B', 'D']);
    writeFileSync(join(gates, 'D'), '');
    await expect.poll(finishedCount, { timeout: 20_000 }).toBe(3);
    expect((await call('queue.list', {})).entries).toEqual([]);
    expect(s.events.filter((e) => e.type === 'run-finished').map((e) => (e as { status: string }).status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(started()).toEqual(['A', 'B', 'D']);
    // The run form opens next time with what the last run was given.
    expect(await call('runform.get', { projectId: p.id, pipelineId: doc.id })).toEqual({ last: { who: 'D' }, presets: [] });
  });

  it('refuses inputs the pipeline does not take, naming the input, and queues nothing', async () => {
    gates = mkdtempSync(join(tmpdir(), 'pw-gates-'));
    const p = await call('projects.create', { name: 'Strict' });
    const doc = gatedDoc(p.mainPipelineId, gates);
    await expect(call('runs.enqueue', { projectId: p.id, doc, inputs: {} })).rejects.toThrow(/input "who" is required/);
    await expect(call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 3 } })).rejects.toThrow(/input "who" takes a text value/);
    await expect(call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'x', whom: 'y' } })).rejects.toThrow(/input "whom": .* no input of that name/);
    expect(started()).toEqual([]);
    expect((await call('queue.list', {})).entries).toEqual([]);
  });

  it('holds at most QUEUE_MAX waiting runs, refusing the next with what to do', async () => {
    gates = mkdtempSync(join(tmpdir(), 'pw-gates-'));
    const p = await call('projects.create', { name: 'Full' });
    const doc = gatedDoc(p.mainPipelineId, gates);
    await call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'first' } });
    for (let i = 0; i < QUEUE_MAX; i++) await call('runs.enqueue', { projectId: p.id, doc, inputs: { who: `w${i}` } });
    await expect(call('runs.enqueue', { projectId: p.id, doc, inputs: { who: 'one too many' } })).rejects.toThrow(
      `${QUEUE_MAX} runs are waiting already: wait for one to start, or remove one from the queue, then run again`,
    );
    const waiting = (await call('queue.list', {})).entries;
    expect(waiting).toHaveLength(QUEUE_MAX);
    // Emptied again, so that the run going can end with nothing after it.
    for (const e of waiting) await call('queue.remove', { id: e.id });
    writeFileSync(join(gates, 'first'), '');
    await expect.poll(finishedCount, { timeout: 20_000 }).toBe(1);
    expect(started()).toEqual(['first']);
  });

  it('keeps presets per project through the API', async () => {
    const p = await call('projects.create', { name: 'Presets' });
    await call('runform.savePreset', { projectId: p.id, name: 'small', inputs: { who: 'S' } });
    await call('runform.savePreset', { projectId: p.id, name: 'big', inputs: { who: 'B' } });
    expect((await call('runform.get', { projectId: p.id, pipelineId: p.mainPipelineId })).presets.map((x: { name: string }) => x.name)).toEqual(['big', 'small']);
    expect(await call('runform.deletePreset', { projectId: p.id, name: 'big' })).toEqual({ deleted: true });
    expect((await call('runform.get', { projectId: p.id, pipelineId: p.mainPipelineId })).presets).toEqual([
      { name: 'small', inputs: { who: 'S' }, updatedAt: expect.any(Number) },
    ]);
    await expect(call('runform.savePreset', { projectId: p.id, name: '  ', inputs: {} })).rejects.toThrow(/a preset needs a name/);
  });
});
