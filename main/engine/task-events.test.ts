import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, defineRuntime } from '../../nodes/sdk';
import { EngineEventSchema } from '../../preload/contract/runs';
import { ProgressPrinter } from '../cli/progress';
import type { Store } from '../store';
import { redactEvents } from '../store/redacted-events';
import { SecretMatcher } from '../store/secret-matcher';
import { tempStore } from '../store/store.test-support';
import type { EngineEvent } from './events';
import { node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine | undefined;
let store: Store | undefined;
afterEach(() => {
  t?.dispose();
  store?.close();
  t = store = undefined;
});

const worker = defineNode({
  kind: 'worker',
  version: 1,
  title: 'Worker',
  category: 'Test',
  description: 'Reports two tasks as it does them.',
  icon: '🛠',
  inputs: [],
  outputs: [],
  params: z.object({}),
});
const workerRuntime = defineRuntime(worker, async ({ ctx }) => {
  ctx.task?.({ id: 'api', title: 'Write the API', owner: 'backend', status: 'queued' });
  ctx.task?.({ id: 'api', title: 'Write the API', owner: 'backend', status: 'running' });
  ctx.task?.({ id: 'api', title: 'Write the API', owner: 'backend', status: 'done', detail: 'three routes' });
  ctx.task?.({ id: 'docs', title: 'Write the docs', status: 'failed', detail: 'no model answered\nsecond line' });
  return {};
});

describe('task events (ctx.task)', () => {
  it('reach the event stream, the contract, the stored log and the CLI', async () => {
    t = testEngine({ kinds: [[worker, workerRuntime]] });
    store = tempStore();
    const record = store.runs.recorder();
    const printed: string[] = [];
    const printer = new ProgressPrinter({ write: (s) => printed.push(s) });
    store.runs.begin({ runId: 'r1', projectId: 'p', pipelineId: 'w', doc: pipeline('w', [node('team', 'worker')]), scope: { kind: 'all' } });
    const events: EngineEvent[] = [];
    await t.run(pipeline('w', [node('team', 'worker')]), {
      runId: 'r1',
      onEvent: (e) => {
        events.push(e);
        record(e);
        printer.handle(e);
      },
    });

    const tasks = events.filter((e): e is Extract<EngineEvent, { type: 'node-task' }> => e.type === 'node-task');
    expect(tasks.map((e) => [e.nodeId, e.task.id, e.task.status])).toEqual([
      ['team', 'api', 'queued'],
      ['team', 'api', 'running'],
      ['team', 'api', 'done'],
      ['team', 'docs', 'failed'],
    ]);
    // What the UI and the HTTP API receive passes the contract's schema.
    for (const e of tasks) expect(EngineEventSchema.parse(e)).toEqual(e);

    store.runs.flush();
    const logged = store.runs.logs('r1', 'team').map((l) => l.chunk).join('');
    expect(logged).toContain('✓ task api (backend) done: Write the API — three routes\n');
    expect(logged).toContain('✗ task docs failed: Write the docs — no model answered\n');

    const out = printed.join('');
    expect(out).toContain('    team … task api (backend) running: Write the API\n');
    expect(out).toContain('    team ✓ task api (backend) done: Write the API — three routes\n');
    // Queued says nothing the start of a task does not.
    expect(out).not.toContain('queued');
  });

  it('carry no secret value a model repeated in a task title or summary', () => {
    const key = 'sk-live-0123456789abcdef';
    const out: EngineEvent[] = [];
    const send = redactEvents({ matcher: () => new SecretMatcher([['API_KEY', key]]) }, (e) => out.push(e));
    send({ type: 'node-task', runId: 'r1', nodeId: 'team', task: { id: 'cfg', title: `Set ${key}`, status: 'done', detail: `used ${key} in .env` }, at: 1 });
    expect(out).toEqual([
      { type: 'node-task', runId: 'r1', nodeId: 'team', task: { id: 'cfg', title: 'Set [secret API_KEY]', status: 'done', detail: 'used [secret API_KEY] in .env' }, at: 1 },
    ]);
  });
});
