import { afterEach, describe, expect, it } from 'vitest';
import { shellDefinition } from '../../nodes/shell/definition';
import { shellRuntime } from '../../nodes/shell/runtime';
import { EngineEventSchema } from '../../preload/contract/runs';
import { createPty } from '../adapters/pty/pty';
import { redactEvents } from '../store/redacted-events';
import { SecretMatcher } from '../store/secret-matcher';
import type { EngineEvent } from './events';
import { node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

type ProgressEvent = Extract<EngineEvent, { type: 'node-progress' }>;

describe('progress events (ctx.progress)', () => {
  it('arrive in order from a real shell command, between its start and its end, and pass the contract', async () => {
    t = testEngine({ pty: createPty(), kinds: [[shellDefinition, shellRuntime]] });
    const command = [
      'echo "::progress 1/3 fetching"',
      'sleep 0.05',
      'echo "::progress 2/3 building"',
      // The same report twice says nothing new: one event.
      'echo "::progress 2/3 building"',
      'printf "::progr"; sleep 0.05; echo "ess 3/3 testing"',
      'echo "not ::progress 9/9 a line in the middle of other text"',
    ].join('\n');
    const { summary, events } = await t.run(pipeline('p', [node('work', 'shell', { command })]));
    expect(summary.status).toBe('succeeded');

    const progress = events.filter((e): e is ProgressEvent => e.type === 'node-progress');
    expect(progress.map((e) => [e.nodeId, e.progress.done, e.progress.total, e.progress.label])).toEqual([
      ['work', 1, 3, 'fetching'],
      ['work', 2, 3, 'building'],
      ['work', 3, 3, 'testing'],
    ]);
    const started = events.findIndex((e) => e.type === 'node-started');
    const finished = events.findIndex((e) => e.type === 'node-finished');
    for (const e of progress) {
      expect(events.indexOf(e)).toBeGreaterThan(started);
      expect(events.indexOf(e)).toBeLessThan(finished);
      expect(EngineEventSchema.parse(e)).toEqual(e);
    }
  });

  it('never carry a secret value in their label', () => {
    const shown: EngineEvent[] = [];
    const send = redactEvents({ matcher: () => new SecretMatcher([['TOKEN', 's3cr3t-value-123']]) }, (e) => shown.push(e));
    send({ type: 'node-progress', runId: 'r', nodeId: 'b', progress: { done: 1, total: 2, label: 'Step 1/2: RUN curl -H s3cr3t-value-123' }, at: 1 });
    expect(JSON.stringify(shown)).not.toContain('s3cr3t-value-123');
    expect(shown[0]).toMatchObject({ progress: { label: 'Step 1/2: RUN curl -H [secret TOKEN]' } });
  });
});
