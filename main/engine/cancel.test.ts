import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../adapters/pty/pty';
import type { EngineEvent } from './events';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the first event that matches. */
function waitFor(events: EngineEvent[], match: (e: EngineEvent) => boolean): Promise<EngineEvent> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    const poll = () => {
      const found = events.find(match);
      if (found) return resolve(found);
      if (Date.now() - began > 10_000) return reject(new Error('event never came'));
      setTimeout(poll, 5);
    };
    poll();
  });
}

describe('cancel', () => {
  it('kills a running process, marks running and waiting nodes cancelled, and settles after', async () => {
    t = testEngine({ pty: createPty() });
    const doc = pipeline(
      'c',
      [node('long', 'cmd', { command: 'echo pid=$$; exec sleep 30' }), node('after', 'noop'), node('side', 'sleep', { ms: 30_000 })],
      [edge('long.out', 'after.a')],
    );
    const events: EngineEvent[] = [];
    const handle = t.engine.run(doc, { projectId: 'p', onEvent: (e) => events.push(e) });
    const log = (await waitFor(events, (e) => e.type === 'node-log' && /pid=\d+/.test(e.chunk))) as Extract<EngineEvent, { type: 'node-log' }>;
    const pid = Number(/pid=(\d+)/.exec(log.chunk)![1]);
    expect(alive(pid)).toBe(true);
    const began = Date.now();
    handle.cancel('user pressed stop');
    const summary = await handle.done;
    expect(Date.now() - began).toBeLessThan(8000);
    expect(summary.status).toBe('cancelled');
    expect(summary.nodes.long.status).toBe('cancelled');
    expect(summary.nodes.side.status).toBe('cancelled');
    expect(summary.nodes.after).toMatchObject({ status: 'cancelled', durationMs: 0 });
    expect(t.recorder.aborted).toEqual(['side']);
    // done resolves only after the runtimes settled, so the process is already gone.
    expect(alive(pid)).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  });

  it('cancels through options.signal, nested sub-pipeline nodes included', async () => {
    t = testEngine();
    t.pipelines.set('inner', pipeline('inner', [node('nap', 'sleep', { ms: 30_000 }), node('o', 'pipeline-output', { name: 'r' })], [edge('nap.out', 'o.value')]));
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const handle = t.engine.run(pipeline('outer', [node('sub', 'pipeline', { ref: 'inner' })]), {
      projectId: 'p',
      signal: controller.signal,
      onEvent: (e) => events.push(e),
    });
    await waitFor(events, (e) => e.type === 'node-started' && e.nodeId === 'sub/nap');
    controller.abort();
    const summary = await handle.done;
    expect(summary.status).toBe('cancelled');
    expect(summary.nodes['sub/nap'].status).toBe('cancelled');
    expect(summary.nodes['sub/o'].status).toBe('cancelled');
    expect(summary.nodes.sub.status).toBe('cancelled');
    expect(t.recorder.aborted).toEqual(['sub/nap']);
  });

  it('runs nothing when the signal is already aborted', async () => {
    t = testEngine();
    const controller = new AbortController();
    controller.abort();
    const handle = t.engine.run(pipeline('x', [node('a', 'noop')]), { projectId: 'p', signal: controller.signal });
    const summary = await handle.done;
    expect(summary.status).toBe('cancelled');
    expect(summary.nodes.a.status).toBe('cancelled');
    expect(t.recorder.calls).toEqual([]);
  });
});
