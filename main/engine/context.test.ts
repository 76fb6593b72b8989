import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, defineRuntime, type DockerApi } from '../../nodes/sdk';
import { NodeContext, workspacePath, type ContextHost } from './context';
import type { EngineEvent } from './events';
import { node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

describe('workspace paths', () => {
  it('nest sub-pipeline node ids and keep names inside the project folder', () => {
    expect(workspacePath('/w', 'proj', 'outer/inner')).toBe('/w/proj/outer/inner');
    expect(workspacePath('/w', 'proj', 'build', 'out')).toBe('/w/proj/build-out');
    expect(workspacePath('/w', 'proj', 'build', '../../etc')).toBe('/w/proj/build-.._.._etc');
    expect(workspacePath('/w', '../x', 'a')).toBe('/w/.._x/a');
    expect(workspacePath('/w', '..', 'a')).toBe('/w/_../a');
  });
});

describe('node context', () => {
  it('hands out an empty workspace each time, whatever an earlier run left there', async () => {
    t = testEngine();
    const host = { workspaceRoot: t.root, projectId: 'proj', placeId: (id: string) => id } as ContextHost;
    const ctx = new NodeContext(host, 0, 'outer/build', new AbortController().signal);
    const stale = join(t.root, 'proj', 'outer', 'build-out');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'old.txt'), 'left over');
    const path = await ctx.workspace('out');
    expect(path).toBe(stale);
    expect(readdirSync(path)).toEqual([]);
    expect(existsSync(join(t.root, 'proj', 'outer', 'build'))).toBe(false);
  });

  it('keeps what a kept folder holds from run to run, and makes it when missing', async () => {
    t = testEngine();
    const host = { workspaceRoot: t.root, projectId: 'proj', placeId: (id: string) => id } as ContextHost;
    const ctx = new NodeContext(host, 0, 'ide', new AbortController().signal);
    const state = await ctx.workspace('state', { keep: true });
    expect(state).toBe(join(t.root, 'proj', 'ide-state'));
    writeFileSync(join(state, 'settings.json'), '{}');
    expect(await ctx.workspace('state', { keep: true })).toBe(state);
    expect(readdirSync(state)).toEqual(['settings.json']);
    await ctx.workspace('state');
    expect(readdirSync(state)).toEqual([]);
  });

  it('turns ctx.log into node-log events and gives the run inputs and ids', async () => {
    const seen: Record<string, unknown> = {};
    const chatty = defineNode({
      kind: 'chatty',
      version: 1,
      title: 'Chatty',
      category: 'Test',
      description: 'Logs and reports what its context says.',
      icon: '💬',
      inputs: [],
      outputs: [],
      params: z.object({}),
    });
    const runtime = defineRuntime(chatty, async ({ ctx }) => {
      ctx.log('out line\n');
      ctx.log('err line\n', 'stderr');
      Object.assign(seen, { runId: ctx.runId, projectId: ctx.projectId, nodeId: ctx.nodeId, inputs: ctx.pipelineInputs });
      return {};
    });
    t = testEngine({ kinds: [[chatty, runtime]] });
    const { events } = await t.run(pipeline('c', [node('talk', 'chatty')]), { runId: 'r1', inputs: { x: 1 } });
    const logs = events.filter((e): e is Extract<EngineEvent, { type: 'node-log' }> => e.type === 'node-log');
    expect(logs.map((e) => [e.nodeId, e.stream, e.chunk])).toEqual([
      ['talk', 'stdout', 'out line\n'],
      ['talk', 'stderr', 'err line\n'],
    ]);
    expect(seen).toEqual({ runId: 'r1', projectId: 'p', nodeId: 'talk', inputs: { x: 1 } });
  });
});

describe('capabilities', () => {
  const probe = defineNode({
    kind: 'probe',
    version: 1,
    title: 'Probe',
    category: 'Test',
    description: 'Asks Docker whether it is there.',
    icon: '🔎',
    inputs: [],
    outputs: [{ name: 'answer', type: 'json' }],
    params: z.object({}),
  });
  const probeRuntime = defineRuntime(probe, async ({ ctx }) => ({ answer: await ctx.docker.available() }));

  it('hands a node the capability the host provides, scoped to that node', async () => {
    const scopes: string[] = [];
    t = testEngine({
      kinds: [[probe, probeRuntime]],
      capabilities: (scope) => {
        scopes.push(`${scope.projectId}/${scope.runId}/${scope.nodeId}`);
        // Only the one method this probe calls: the engine's plumbing is under test, not Docker.
        return { docker: { available: async () => ({ ok: true }) } as DockerApi };
      },
    });
    const { summary } = await t.run(pipeline('p', [node('ask', 'probe')]), { runId: 'r9' });
    expect(summary.nodes.ask.outputs).toEqual({ answer: { ok: true } });
    expect(scopes).toEqual(['p/r9/ask']);
  });

  it('fails a node that needs a capability the host lacks, naming both', async () => {
    t = testEngine({ kinds: [[probe, probeRuntime]] });
    const { summary } = await t.run(pipeline('p', [node('ask', 'probe')]));
    expect(summary.nodes.ask.status).toBe('failed');
    expect(summary.nodes.ask.error).toMatch(/node "ask" needs docker, which this Pipewright host does not provide/);
  });
});
