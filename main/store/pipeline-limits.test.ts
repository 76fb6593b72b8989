import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../nodes/sdk';
import { openSqlite } from '../adapters/db/sqlite';
import { StoreError } from './errors';
import { MAX_ID_LENGTH } from './ids';
import { sampleDoc, tempStore } from './store.test-support';

/** `{ a: { a: … } }`, `depth` levels, built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function withParam(doc: Pipeline, value: unknown): Pipeline {
  return { ...doc, nodes: [{ ...doc.nodes[0], params: { text: 'x', extra: value } }, ...doc.nodes.slice(1)] };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a refusal');
}

describe('the store refuses to write what it could not read back', () => {
  it('refuses params nested 1,000 and 5,000 deep, naming pipeline, node and field, and keeps the saved version', () => {
    const store = tempStore();
    store.pipelines.save(sampleDoc('site'));
    for (const depth of [1_000, 5_000]) {
      const err = thrown(() => store.pipelines.save(withParam(sampleDoc('site'), nested(depth))));
      expect(err).toBeInstanceOf(StoreError);
      expect(err.message).toMatch(/pipeline "site" was not saved: node "n1": param "extra\.a\.a\.a\.a… \(64 levels\)" is nested more than 64 levels deep/);
    }
    // What was saved before is still there, and the folder still lists, opens and deletes.
    expect(store.pipelines.get('site')!.nodes[0].params).toEqual({ text: 'step 1' });
    expect(store.pipelines.list().map((p) => p.id)).toEqual(['site']);
    expect(store.projects.delete('site')).toBe(true);
  });

  it('refuses pinned outputs nested 1,000 and 5,000 deep, naming the node and the pin, instead of overflowing the stack', () => {
    const store = tempStore();
    store.pipelines.save(sampleDoc('pins'));
    for (const depth of [1_000, 5_000]) {
      const doc = sampleDoc('pins');
      const pinned: Pipeline = { ...doc, nodes: [{ ...doc.nodes[0], settings: { pinned: { outputs: { text: nested(depth) }, at: 1 } } }, ...doc.nodes.slice(1)] };
      const err = thrown(() => store.pipelines.save(pinned));
      expect(err).toBeInstanceOf(StoreError);
      expect(err.message).toMatch(/pipeline "pins" was not saved: node "n1": pinned output "text\.a\.a\.a\.a… \(64 levels\)" is nested more than 64 levels deep; unpin the node/);
      const imported = thrown(() => store.pipelines.importDocument({ ...pinned, id: 'pins-import' }));
      expect(imported.message).toMatch(/node "n1": pinned output "text/);
    }
    expect(store.pipelines.list().map((p) => p.id)).toEqual(['pins']);
  });

  it('refuses a document an import would bring in with too-deep params', () => {
    const store = tempStore();
    const err = thrown(() => store.pipelines.importDocument(withParam(sampleDoc('deep'), nested(1_000))));
    expect(err.message).toMatch(/pipeline "deep" was not saved: node "n1": param "extra/);
    expect(store.pipelines.list()).toEqual([]);
  });

  it('imports a 200-character id again and again under ids that fit, each readable and deletable', () => {
    const store = tempStore();
    const long = `a${'b'.repeat(MAX_ID_LENGTH - 1)}`;
    const ids = [1, 2, 3].map(() => store.pipelines.importDocument(sampleDoc(long)).id);
    expect(ids[0]).toBe(long);
    expect(ids[1]).toBe(`${long.slice(0, MAX_ID_LENGTH - 2)}-2`);
    expect(ids[2]).toBe(`${long.slice(0, MAX_ID_LENGTH - 2)}-3`);
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
      expect(store.pipelines.get(id)!.id).toBe(id);
    }
    for (const id of ids) expect(store.projects.delete(id)).toBe(true);
    expect(store.pipelines.list()).toEqual([]);
  });
});

describe('a stored pipeline this build cannot read', () => {
  const broken: [string, string][] = [
    ['not JSON', '{"format":"pipewright/2","id":"bad","name":'],
    ['nested past SQLite’s JSON limit', `{"format":"pipewright/2","id":"bad","name":"Bad","edges":[],"nodes":[{"id":"n1","kind":"text","position":{"x":0,"y":0},"params":{"x":${'['.repeat(1200)}${']'.repeat(1200)}}}]}`],
    ['nested past the param limit', `{"format":"pipewright/2","id":"bad","name":"Bad","edges":[],"nodes":[{"id":"n1","kind":"text","position":{"x":0,"y":0},"params":{"x":${'['.repeat(100)}${']'.repeat(100)}}}]}`],
  ];

  for (const [what, text] of broken) {
    it(`(${what}) still lists, refuses to open with a clear error, exports as stored and deletes`, () => {
      const store = tempStore();
      store.pipelines.save(sampleDoc('bad', 'Bad'));
      store.pipelines.save(sampleDoc('good', 'Good'));
      // Written behind the store's back, as an older build or a damaged disk would leave it.
      const db = openSqlite(store.file);
      db.prepare('UPDATE pipelines SET doc = ? WHERE id = ?').run(text, 'bad');
      db.close();

      expect(store.pipelines.list().map((p) => p.id).sort()).toEqual(['bad', 'good']);
      const err = thrown(() => store.pipelines.get('bad'));
      expect(err.message).toMatch(/pipeline "bad" in .*pipewright\.db cannot be (read|opened): .*; export it as stored, or delete it/);
      expect(err.message).not.toContain('{"format"');
      expect(store.pipelines.raw('bad')).toBe(text);
      expect(store.projects.delete('bad')).toBe(true);
      expect(store.pipelines.list().map((p) => p.id)).toEqual(['good']);
    });
  }
});
