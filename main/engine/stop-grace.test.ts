import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, defineRuntime, type RunContext } from '../../nodes/sdk';
import { Engine } from './engine';
import type { EngineEvent } from './events';
import { MemoryCache } from './memory-cache';
import { edge, node, pipeline, testRegistry } from './test-kinds.test-support';

// Runtimes that ignore their signal, as a blocking read of a FIFO does: the engine must end the
// node anyway, a short grace period after its timeout or cancel.

const fifoRead = defineNode({
  kind: 'fifo-read',
  version: 1,
  title: 'Read a FIFO',
  category: 'Test',
  description: 'Reads the file at `path` with a blocking read, deaf to its signal.',
  icon: '|',
  inputs: [],
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({ path: z.string() }),
});

/** Settles only when the test says so, and then logs through its (old) context. */
const deaf = defineNode({
  kind: 'deaf',
  version: 1,
  title: 'Deaf',
  category: 'Test',
  description: 'Waits for the test to release it, whatever its signal says.',
  icon: '…',
  inputs: [],
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({}),
});

const GRACE_MS = 300;
let dir: string;
let release: ((text: string) => void) | undefined;
let lateCtx: RunContext | undefined;

/** Ends a read still blocked on the FIFO, so no thread of the test process stays stuck. */
function unblock(fifo: string, text = ''): void {
  try {
    const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(fd, text);
    closeSync(fd);
  } catch {
    // ENXIO: nobody is reading it any more.
  }
}

afterEach(() => {
  release?.('released');
  release = undefined;
  unblock(join(dir, 'pipe'));
  rmSync(dir, { recursive: true, force: true });
});

function makeEngine() {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'pw-stop-grace-')));
  const { registry, recorder } = testRegistry([
    [fifoRead, defineRuntime(fifoRead, async ({ params }) => ({ text: await readFile(params.path, 'utf8') }))],
    [
      deaf,
      defineRuntime(deaf, ({ ctx }) => {
        lateCtx = ctx;
        return new Promise<{ text: string }>((resolve) => (release = (text) => resolve({ text })));
      }),
    ],
  ]);
  const cache = new MemoryCache();
  const engine = new Engine({
    registry,
    cache,
    pty: { run: () => Promise.reject(new Error('no pty in this test')) },
    workspaceRoot: join(dir, 'ws'),
    stopGraceMs: GRACE_MS,
    loadPipeline: (ref) => {
      throw new Error(`no pipeline ${ref}`);
    },
  });
  return { engine, recorder, cache };
}

describe('a node whose runtime never settles', () => {
  it('times out and the run finishes, though the runtime is stuck reading a FIFO; it is not retried, and its late result is ignored', async () => {
    const { engine, recorder, cache } = makeEngine();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const doc = pipeline(
      'stuck',
      [
        node('read', 'fifo-read', { path: fifo }, { settings: { timeoutMs: 100, retries: 2 } }),
        node('after', 'echo', { text: 'after' }),
        node('other', 'echo', { text: 'other branch' }),
      ],
      [edge('read.text', 'after.in')],
    );
    const events: EngineEvent[] = [];
    const began = Date.now();
    const summary = await engine.run(doc, { projectId: 'p', onEvent: (e) => events.push(e) }).done;
    expect(Date.now() - began).toBeLessThan(100 + GRACE_MS + 1500);
    expect(summary.status).toBe('failed');
    expect(summary.nodes.read).toMatchObject({ status: 'failed', error: 'timed out after 100 ms; raise timeoutMs if it needs longer' });
    expect(summary.nodes.after.status).toBe('skipped');
    expect(summary.nodes.other).toMatchObject({ status: 'succeeded', outputs: { text: 'other branch' } });
    const logs = events.filter((e) => e.type === 'node-log' && e.nodeId === 'read').map((e) => (e as { chunk: string }).chunk);
    expect(logs.join('')).toContain(`did not stop within ${GRACE_MS} ms of being timed out`);
    expect(recorder.calls.filter((id) => id === 'read')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed' });

    // A writer comes at last: the abandoned read returns, and nothing it returns is recorded.
    unblock(fifo, 'too late');
    await sleep(200);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed' });
    expect(summary.nodes.read.status).toBe('failed');
    expect(cache.size).toBe(1); // only "other"
  });

  it('is cancelled and the run finishes; a late settle and late logs change nothing', async () => {
    const { engine } = makeEngine();
    const events: EngineEvent[] = [];
    const handle = engine.run(pipeline('c', [node('deaf', 'deaf')]), { projectId: 'p', onEvent: (e) => events.push(e) });
    while (!release) await sleep(5);
    const began = Date.now();
    handle.cancel('user pressed stop');
    const summary = await handle.done;
    expect(Date.now() - began).toBeLessThan(GRACE_MS + 1500);
    expect(summary.status).toBe('cancelled');
    expect(summary.nodes.deaf).toMatchObject({ status: 'cancelled', error: 'cancelled' });
    const finished = events.length;
    expect(events.some((e) => e.type === 'node-log' && e.chunk.includes(`did not stop within ${GRACE_MS} ms of being cancelled`))).toBe(true);

    lateCtx!.log('written after the node ended\n');
    await expect(lateCtx!.workspace()).rejects.toThrow('node "deaf" was given up on after it did not stop in time');
    release!('a result nobody waits for');
    await sleep(50);
    expect(events).toHaveLength(finished);
    expect(summary.nodes.deaf.outputs).toBeUndefined();
  });
});
