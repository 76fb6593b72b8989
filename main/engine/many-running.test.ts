import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, defineRuntime } from '../../nodes/sdk';
import { Engine } from './engine';
import { MemoryCache } from './memory-cache';
import { node, pipeline, testRegistry } from './test-kinds.test-support';

// Many nodes of one run waiting at once on the run's signal: a cancel must reach each of them,
// and the signal must not gather a listener per running node (a 10,000-node fan-out at high
// concurrency would hold that many closures, and pay to add and remove each).

const GRACE_MS = 200;
const WIDTH = 40;

/** Waits for the test to release it, whatever its signal says. */
const deaf = defineNode({
  kind: 'deaf-wait',
  version: 1,
  title: 'Deaf wait',
  category: 'Test',
  description: 'Settles only when the test releases it.',
  icon: '…',
  inputs: [],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ n: z.number() }),
  cache: false,
});

let releases: (() => void)[] = [];
let signals: AbortSignal[] = [];
let root: string | undefined;

afterEach(() => {
  for (const release of releases) release();
  releases = [];
  signals = [];
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function makeEngine(): Engine {
  root = mkdtempSync(join(tmpdir(), 'pw-many-running-'));
  const { registry } = testRegistry([
    [
      deaf,
      defineRuntime(deaf, ({ params, ctx }) => {
        signals.push(ctx.signal);
        return new Promise<{ out: number }>((resolve) => releases.push(() => resolve({ out: params.n })));
      }),
    ],
  ]);
  return new Engine({
    registry,
    cache: new MemoryCache(),
    pty: { run: () => Promise.reject(new Error('no pty in this test')) },
    workspaceRoot: root,
    stopGraceMs: GRACE_MS,
    loadPipeline: (ref) => {
      throw new Error(`no pipeline ${ref}`);
    },
  });
}

const wide = () =>
  pipeline(
    'wide',
    Array.from({ length: WIDTH }, (_, i) => node(`d${i}`, 'deaf-wait', { n: i })),
  );

async function allStarted(): Promise<void> {
  while (releases.length < WIDTH) await sleep(5);
}

describe(`${WIDTH} nodes running at once`, () => {
  it('share a few abort listeners on the run signal, not one each, and finish with their own outputs', async () => {
    const handle = makeEngine().run(wide(), { projectId: 'p', concurrency: WIDTH });
    await allStarted();
    expect(new Set(signals).size).toBe(1);
    expect(getEventListeners(signals[0], 'abort').length).toBeLessThanOrEqual(3);
    for (const release of releases) release();
    const summary = await handle.done;
    expect(summary.status).toBe('succeeded');
    expect(Object.values(summary.nodes).map((n) => n.outputs?.out)).toEqual(Array.from({ length: WIDTH }, (_, i) => i));
    expect(getEventListeners(signals[0], 'abort').length).toBeLessThanOrEqual(3);
  });

  it('are each given up on one grace period after a cancel when none of them listens', async () => {
    const handle = makeEngine().run(wide(), { projectId: 'p', concurrency: WIDTH });
    await allStarted();
    const began = Date.now();
    handle.cancel('user pressed stop');
    const summary = await handle.done;
    const ms = Date.now() - began;
    expect(summary.status).toBe('cancelled');
    expect(Object.values(summary.nodes).map((n) => n.status)).toEqual(Array(WIDTH).fill('cancelled'));
    expect(ms).toBeGreaterThanOrEqual(GRACE_MS - 20);
    expect(ms).toBeLessThan(GRACE_MS + 1500);
  });
});
