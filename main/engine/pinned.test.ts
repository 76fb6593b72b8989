import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { shellDefinition } from '../../nodes/shell/definition';
import { shellRuntime } from '../../nodes/shell/runtime';
import { defineNode, defineRuntime, type NodeInstance, type Pipeline } from '../../nodes/sdk';
import { createPty } from '../adapters/pty/pty';
import { workspacePath } from './context';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

const serve = defineNode({
  kind: 'serve',
  version: 1,
  title: 'Serve',
  category: 'Test',
  description: 'Names a service.',
  icon: '⇄',
  inputs: [],
  outputs: [{ name: 'svc', type: 'service' }],
  params: z.object({}),
});

let t: TestEngine;
afterEach(() => t?.dispose());

function shellEngine(): TestEngine {
  return testEngine({
    pty: createPty(),
    kinds: [
      [shellDefinition, shellRuntime],
      [serve, defineRuntime(serve, async () => ({ svc: { url: 'http://127.0.0.1:1', name: 'svc' } }))],
    ],
  });
}

/** `gen` prints a line and leaves a file in its folder; `down` prints what it is given. */
function doc(genCommand: string, pinned?: NonNullable<NodeInstance['settings']>['pinned']): Pipeline {
  return pipeline(
    'pins',
    [node('gen', 'shell', { command: genCommand }, pinned ? { settings: { pinned } } : {}), node('down', 'shell', { command: 'cat; echo " (seen downstream)"' })],
    [edge('gen.stdout', 'down.input')],
  );
}

const logOf = (events: Awaited<ReturnType<TestEngine['run']>>['events'], nodeId: string) =>
  events.flatMap((e) => (e.type === 'node-log' && e.nodeId === nodeId ? [e.chunk] : [])).join('');

describe('pinned outputs', () => {
  it('skip the node, hand its pinned values downstream, and run it again once unpinned', async () => {
    t = shellEngine();
    const first = await t.run(doc('echo made > first.txt; echo generated'));
    expect(first.summary.status).toBe('succeeded');
    const made = first.summary.nodes.gen.outputs!;
    const folder = (made.workspace as { path: string }).path;
    expect(existsSync(join(folder, 'first.txt'))).toBe(true);

    // Pinned, the node keeps its folder and the stdout the person pinned; its new command would
    // leave a file behind if it ran.
    const pin = { outputs: { ...made, stdout: 'pinned words' }, at: Date.UTC(2026, 11, 2, 15, 0), runId: first.summary.runId };
    const pinnedRun = await t.run(doc('echo ran > should-not-exist.txt; echo again', pin));
    expect(pinnedRun.summary.status).toBe('succeeded');
    expect(existsSync(join(folder, 'should-not-exist.txt'))).toBe(false);
    expect(pinnedRun.summary.nodes.gen).toMatchObject({ status: 'cached', pinned: true });
    expect(pinnedRun.summary.nodes.down.status).toBe('succeeded');
    expect(String(pinnedRun.summary.nodes.down.outputs!.stdout)).toMatch(/pinned words\s*\(seen downstream\)/);
    expect(logOf(pinnedRun.events, 'gen')).toMatch(/used pinned outputs \(pinned 2026-12-02 15:00 UTC, from run [0-9a-f]{8}\); the node was not run/);
    expect(pinnedRun.events).toContainEqual(expect.objectContaining({ type: 'node-finished', nodeId: 'gen', pinned: true }));
    expect(pinnedRun.events.some((e) => e.type === 'node-started' && e.nodeId === 'gen')).toBe(false);

    const unpinned = await t.run(doc('echo ran > should-not-exist.txt; echo again'));
    expect(unpinned.summary.nodes.gen).toMatchObject({ status: 'succeeded' });
    expect(unpinned.summary.nodes.gen.pinned).toBeUndefined();
    expect(existsSync(join(folder, 'should-not-exist.txt'))).toBe(true);
    expect(String(unpinned.summary.nodes.down.outputs!.stdout)).toMatch(/again\s*\(seen downstream\)/);
  });

  it('refuses, before anything runs, a pin of a node that starts a service and a pin missing an output', async () => {
    t = shellEngine();
    const issues = t.engine.validate(
      pipeline('p', [
        node('svc', 'serve', {}, { settings: { pinned: { outputs: { svc: { url: 'http://127.0.0.1:1', name: 'svc' } } } } }),
        node('gen', 'shell', { command: 'true' }, { settings: { pinned: { outputs: { stdout: 'x' } } } }),
      ]),
    );
    expect(issues.map((i) => [i.nodeId, i.code, i.field])).toEqual([
      ['svc', 'pin-refused', 'settings.pinned'],
      ['gen', 'pin-refused', 'settings.pinned'],
    ]);
    expect(issues[0].message).toMatch(/"svc".*starts a service \(output "svc"\), which a pin cannot keep running.*unpin it/);
    expect(issues[1].message).toMatch(/"gen".*its result has no output "workspace": run the node, then pin it/);
  });

  it('fails a pinned node whose folder is another node\'s, naming the folder, and never touches that folder', async () => {
    t = shellEngine();
    const other = workspacePath(t.root, 'p', 'someone-else');
    mkdirSync(other, { recursive: true });
    const pin = { outputs: { workspace: { path: other }, stdout: 'x', exitCode: 0 } };
    const run = await t.run(doc('echo ran > should-not-exist.txt', pin));
    expect(run.summary.nodes.gen.status).toBe('failed');
    expect(run.summary.nodes.gen.error).toContain(`its pinned output "workspace" names the folder ${other}, which is not this node's own`);
    expect(run.summary.nodes.down.status).toBe('skipped');
    expect(existsSync(join(other, 'should-not-exist.txt'))).toBe(false);
  });
});
