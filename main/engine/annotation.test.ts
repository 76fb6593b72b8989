import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commentDefinition } from '../../nodes/comment/definition';
import { groupDefinition } from '../../nodes/group/definition';
import { defineNode, type Pipeline } from '../../nodes/sdk';
import { Engine } from './engine';
import { ValidationError } from './errors';
import type { EngineEvent } from './events';
import { MemoryCache } from './memory-cache';
import { edge, node, pipeline, testRegistry } from './test-kinds.test-support';

// Comments and groups live in the document (so templates carry them) but are not work: the
// engine checks their params and otherwise leaves them out of everything a run does.

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** The engine's test kinds plus the real comment and group kinds, which have no runtime. */
function engineWithNotes(pipelines: Record<string, Pipeline> = {}): Engine {
  const { registry } = testRegistry();
  const notes = new Map([commentDefinition, groupDefinition].map((d) => [d.kind, d]));
  root = realpathSync(mkdtempSync(join(tmpdir(), 'pipewright-notes-')));
  return new Engine({
    registry: { definition: (k) => notes.get(k) ?? registry.definition(k), runtime: (k) => registry.runtime(k) },
    cache: new MemoryCache(),
    pty: { run: () => Promise.reject(new Error('no pty in this test')) },
    workspaceRoot: root,
    loadPipeline: (ref) => {
      const doc = pipelines[ref];
      if (!doc) throw new Error(`pipeline "${ref}" not found`);
      return doc;
    },
  });
}

const noted = (id: string) =>
  pipeline(
    id,
    [
      node('frame', 'group', { title: 'Build', width: 600, height: 300 }),
      node('a', 'noop', { n: 1 }),
      node('b', 'noop', { n: 2 }),
      node('why', 'comment', { text: 'b adds **2**', color: 'green' }),
    ],
    [edge('a.out', 'b.a')],
  );

async function run(engine: Engine, doc: Pipeline, scope?: Parameters<Engine['run']>[1]['scope']) {
  const events: EngineEvent[] = [];
  const summary = await engine.run(doc, { projectId: 'p', scope, onEvent: (e) => events.push(e) }).done;
  return { summary, events };
}

describe('annotation nodes (comments and groups)', () => {
  it('are declared with the annotation flag, no ports and no retry or timeout params', () => {
    for (const def of [commentDefinition, groupDefinition]) {
      expect(def).toMatchObject({ annotation: true, inputs: [], outputs: [] });
      expect(Object.keys(def.params.shape)).not.toContain('retries');
    }
    expect(commentDefinition.params.parse({})).toEqual({ text: '' });
    expect(groupDefinition.params.parse({})).toEqual({ title: 'Group', width: 480, height: 320 });
    expect(commentDefinition.params.shape.color.unwrap().options).toEqual(groupDefinition.params.shape.color.unwrap().options);
  });

  it('keeps ordinary kinds as they were: not annotations, with the common params', () => {
    const plain = defineNode({
      kind: 'plain',
      version: 1,
      title: 'Plain',
      category: 'Test',
      description: 'd',
      icon: '·',
      inputs: [],
      outputs: [],
      params: z.object({}),
    });
    expect(plain.annotation).toBe(false);
    // Engine settings sit beside params in the document: the kind's schema is its own alone.
    expect(Object.keys(plain.params.shape)).toEqual([]);
  });

  it('refuses an annotation kind that declares ports', () => {
    expect(() =>
      defineNode({
        kind: 'bad-note',
        version: 1,
        title: 'Bad',
        category: 'Test',
        description: 'd',
        icon: '·',
        inputs: [{ name: 'in', type: 'text' }],
        outputs: [],
        params: z.object({}),
        annotation: true,
      }),
    ).toThrow('an annotation has no ports');
  });

  it('validate without a runtime for them, and with their params checked', () => {
    const engine = engineWithNotes();
    expect(engine.validate(noted('ok'))).toEqual([]);
    const bad = pipeline('bad', [node('why', 'comment', { text: 7, color: 'teal' }), node('frame', 'group', { width: -1 })]);
    const issues = engine.validate(bad);
    expect(issues.map((i) => [i.nodeId, i.code, i.field])).toEqual([
      ['why', 'invalid-param', 'text'],
      ['why', 'invalid-param', 'color'],
      ['frame', 'invalid-param', 'width'],
    ]);
  });

  it('refuse edges to or from them, saying they have no ports', () => {
    const engine = engineWithNotes();
    const doc = pipeline('wired', [node('a', 'noop'), node('why', 'comment', { text: 'x' })], [edge('a.out', 'why.in', 'e1')]);
    const issues = engine.validate(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'missing-port', edgeId: 'e1', nodeId: 'why' });
    expect(issues[0].message).toContain('is a note on the canvas');
  });

  it('share the id space with other nodes', () => {
    const engine = engineWithNotes();
    const doc = pipeline('dup', [node('x', 'comment', { text: 'a' }), node('x', 'noop')]);
    expect(engine.validate(doc).map((i) => i.code)).toEqual(['duplicate-node-id']);
  });

  it('are never scheduled: no events, not in the summary, and the rest runs as without them', async () => {
    const engine = engineWithNotes();
    const { summary, events } = await run(engine, noted('notes'));
    expect(summary.status).toBe('succeeded');
    expect(Object.keys(summary.nodes).sort()).toEqual(['a', 'b']);
    expect(summary.nodes.b.outputs).toEqual({ out: 3 });
    const mentioned = new Set(events.flatMap((e) => ('nodeId' in e ? [e.nodeId] : [])));
    expect([...mentioned].sort()).toEqual(['a', 'b']);
  });

  it('are left out of a sub-pipeline too', async () => {
    const inner = noted('inner');
    const engine = engineWithNotes({ inner });
    const outer = pipeline('outer', [node('sub', 'pipeline', { ref: 'inner' }), node('note', 'comment', { text: 'calls inner' })]);
    const { summary } = await run(engine, outer);
    expect(summary.status).toBe('succeeded');
    expect(Object.keys(summary.nodes).sort()).toEqual(['sub', 'sub/a', 'sub/b']);
  });

  it('cannot be the node a scoped run starts from', () => {
    const engine = engineWithNotes();
    for (const kind of ['node', 'from', 'upTo'] as const) {
      let error: unknown;
      try {
        engine.run(noted('scoped'), { projectId: 'p', scope: { kind, nodeId: 'why' } });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0].message).toContain('node "why" is a note on the canvas');
    }
  });
});

describe('a sub-pipeline node keyed by what its pipeline computes', () => {
  const inner = (extra: Partial<Pipeline> & { nodes?: Pipeline['nodes'] } = {}, text = 'inner:') =>
    pipeline(
      'inner',
      [node('w', 'pipeline-input', { name: 'w' }), node('e', 'echo', { text }), node('r', 'pipeline-output', { name: 'r' }), ...(extra.nodes ?? [])],
      [edge('w.value', 'e.in'), edge('e.text', 'r.value')],
    );
  const outer = pipeline('outer', [node('src', 'echo', { text: 'x' }), node('sub', 'pipeline', { ref: 'inner' })], [edge('src.text', 'sub.w')]);

  async function subKey(innerDoc: Pipeline): Promise<string | undefined> {
    const events: EngineEvent[] = [];
    await engineWithNotes({ inner: innerDoc }).run(outer, { projectId: 'p', onEvent: (e) => events.push(e) }).done;
    const done = events.find((e) => e.type === 'node-finished' && e.nodeId === 'sub');
    return done?.type === 'node-finished' ? done.cacheKey : undefined;
  }

  it('ignores moved nodes and added comments inside, and changes with a param', async () => {
    const before = await subKey(inner());
    expect(before).toBeTruthy();
    const moved = inner();
    moved.nodes[1].position = { x: 500, y: 300 };
    moved.nodes[1].label = 'renamed';
    expect(await subKey(moved)).toBe(before);
    expect(await subKey(inner({ nodes: [node('why', 'comment', { text: 'explains e' })] }))).toBe(before);
    expect(await subKey(inner({}, 'changed:'))).not.toBe(before);
  });
});
