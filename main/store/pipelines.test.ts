import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { sampleDoc, tempStore } from './store.test-support';

describe('store.pipelines', () => {
  it('saves a document, creating its project named after it, and reads it back', () => {
    const store = tempStore();
    const doc = sampleDoc('blog', 'Blog', 3);
    const summary = store.pipelines.save(doc);
    expect(summary).toMatchObject({ id: 'blog', projectId: 'blog', name: 'Blog', nodeCount: 3 });
    expect(store.pipelines.get('blog')).toEqual(doc);
    expect(store.projects.get('blog')).toMatchObject({ name: 'Blog', mainPipelineId: 'blog' });
    expect(store.pipelines.get('nothing')).toBeUndefined();
  });

  it('updates the current document in place and keeps pipelines in their project', () => {
    const store = tempStore();
    store.projects.create({ id: 'app', name: 'App' });
    store.pipelines.save(sampleDoc('app-build', 'Build', 1), 'app');
    store.pipelines.save(sampleDoc('app-build', 'Build', 5));
    expect(store.pipelines.get('app-build')?.nodes).toHaveLength(5);
    expect(store.pipelines.list('app').map((p) => [p.id, p.nodeCount])).toEqual(
      expect.arrayContaining([
        ['app', 0],
        ['app-build', 5],
      ]),
    );
    expect(store.pipelines.list()).toHaveLength(2);
    expect(store.projects.list()).toHaveLength(1);
    expect(() => store.pipelines.save(sampleDoc('app-build'), 'elsewhere')).toThrow(
      /pipeline "app-build" belongs to project "app", not "elsewhere"/,
    );
  });

  it('refuses an invalid document, naming the field', () => {
    const store = tempStore();
    const bad = { ...sampleDoc('x'), nodes: [{ id: 'n1', kind: 'text', params: {} }] } as unknown as Pipeline;
    expect(() => store.pipelines.save(bad)).toThrow(/pipeline "x".*nodes\.0\.position/s);
    expect(store.pipelines.get('x')).toBeUndefined();
  });

  it('keeps numbered revisions of the current document', () => {
    const store = tempStore();
    store.pipelines.save(sampleDoc('p', 'P', 1));
    expect(store.pipelines.saveRevision('p', 'one node')).toBe(1);
    store.pipelines.save(sampleDoc('p', 'P', 3));
    expect(store.pipelines.saveRevision('p', 'three nodes')).toBe(2);
    store.pipelines.save(sampleDoc('p', 'P', 6));

    expect(store.pipelines.revisions('p').map((r) => [r.rev, r.message])).toEqual([
      [2, 'three nodes'],
      [1, 'one node'],
    ]);
    expect(store.pipelines.getRevision('p', 1)?.nodes).toHaveLength(1);
    expect(store.pipelines.getRevision('p', 2)?.nodes).toHaveLength(3);
    expect(store.pipelines.getRevision('p', 3)).toBeUndefined();
    expect(store.pipelines.get('p')?.nodes).toHaveLength(6);
    expect(() => store.pipelines.saveRevision('nope', 'x')).toThrow(/no pipeline "nope"/);
  });

  it('imports a document under its own id, or a fresh one when taken', () => {
    const store = tempStore();
    const doc = sampleDoc('starter', 'Starter');
    expect(store.pipelines.importDocument(doc)).toEqual({ id: 'starter', renamed: false, name: 'Starter' });
    expect(store.pipelines.importDocument(doc)).toEqual({ id: 'starter-2', renamed: true, name: 'Starter (2)' });
    expect(store.pipelines.importDocument(doc)).toEqual({ id: 'starter-3', renamed: true, name: 'Starter (3)' });
    expect(store.pipelines.get('starter-2')).toMatchObject({ id: 'starter-2', name: 'Starter (2)' });
    expect(store.projects.get('starter-3')).toMatchObject({ mainPipelineId: 'starter-3' });
    expect(() => store.pipelines.importDocument({ format: 'pipewright/99', id: 'x' })).toThrow(/newer/);
  });

  it('deletes a secondary pipeline but not a project’s main one', () => {
    const store = tempStore();
    store.pipelines.save({ format: FORMAT, id: 'main', name: 'Main', nodes: [], edges: [] });
    store.pipelines.save(sampleDoc('side'), 'main');
    store.pipelines.saveRevision('side', 'r1');
    expect(store.pipelines.delete('side')).toBe(true);
    expect(store.pipelines.get('side')).toBeUndefined();
    expect(store.pipelines.revisions('side')).toEqual([]);
    expect(() => store.pipelines.delete('main')).toThrow(/main pipeline of project "main": delete the project instead/);
  });
});
