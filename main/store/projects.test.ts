import { describe, expect, it } from 'vitest';
import { StoreError } from './index';
import { sampleDoc, tempStore } from './store.test-support';

describe('store.projects', () => {
  it('creates a project with an empty main pipeline of the same id', () => {
    const store = tempStore();
    const project = store.projects.create({ name: 'My Web App!' });
    expect(project.id).toMatch(/^my-web-app-[0-9a-f]{6}$/);
    expect(project).toMatchObject({ name: 'My Web App!', mainPipelineId: project.id });
    expect(store.pipelines.get(project.id)).toMatchObject({ id: project.id, name: 'My Web App!', nodes: [], edges: [] });
    expect(store.projects.get(project.id)).toEqual(project);
    expect(store.projects.get('nope')).toBeUndefined();
  });

  it('keeps a chosen id and refuses one already taken', () => {
    const store = tempStore();
    expect(store.projects.create({ id: 'shop', name: 'Shop' }).id).toBe('shop');
    expect(() => store.projects.create({ id: 'shop', name: 'Other' })).toThrow(/project id "shop" is already used/);
    expect(() => store.projects.create({ id: 'bad id!', name: 'X' })).toThrow(/letters, digits/);
    expect(() => store.projects.create({ name: '   ' })).toThrow(StoreError);
  });

  it('lists the most recently edited first', async () => {
    const store = tempStore();
    store.projects.create({ id: 'a', name: 'A' });
    await new Promise((r) => setTimeout(r, 5));
    store.projects.create({ id: 'b', name: 'B' });
    expect(store.projects.list().map((p) => p.id)).toEqual(['b', 'a']);
    await new Promise((r) => setTimeout(r, 5));
    store.pipelines.save({ ...sampleDoc('a', 'A'), description: 'edited' });
    expect(store.projects.list().map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('renames a project and its main pipeline', () => {
    const store = tempStore();
    store.pipelines.save(sampleDoc('site', 'Site'));
    const renamed = store.projects.rename('site', 'Landing page');
    expect(renamed.name).toBe('Landing page');
    expect(store.pipelines.get('site')?.name).toBe('Landing page');
    expect(store.pipelines.get('site')?.nodes).toHaveLength(2);
    expect(() => store.projects.rename('gone', 'X')).toThrow(/no project "gone"/);
  });

  it('duplicates a project: new ids, a copy of the current document', () => {
    const store = tempStore();
    store.pipelines.save(sampleDoc('site', 'Site', 4));
    const copy = store.projects.duplicate('site', 'Site v2');
    expect(copy.id).not.toBe('site');
    expect(copy.mainPipelineId).toBe(copy.id);
    const doc = store.pipelines.get(copy.id)!;
    expect(doc).toMatchObject({ id: copy.id, name: 'Site v2' });
    expect(doc.nodes).toEqual(store.pipelines.get('site')!.nodes);
    // The original is untouched.
    expect(store.pipelines.get('site')).toMatchObject({ id: 'site', name: 'Site' });
  });

  it('deletes a project with its pipelines, revisions, runs, node runs and logs, and keeps the cache', () => {
    const store = tempStore();
    const doc = sampleDoc('site', 'Site');
    store.pipelines.save(doc);
    store.pipelines.save(sampleDoc('site-helper', 'Helper'), 'site');
    store.pipelines.saveRevision('site', 'first');
    store.pipelines.save(sampleDoc('keep', 'Keep'));
    const record = store.runs.recorder();
    for (const [project, runId] of [
      ['site', 'r-site'],
      ['keep', 'r-keep'],
    ]) {
      store.runs.begin({ runId, projectId: project, pipelineId: project, doc, scope: { kind: 'all' } });
      record({ type: 'node-started', runId, nodeId: 'n1', kind: 'text', attempt: 1, at: 1 });
      record({ type: 'node-log', runId, nodeId: 'n1', stream: 'stdout', chunk: 'hi', at: 2 });
    }
    store.cache.put('key-1', 'text', 'site', { outputs: { text: 'x' }, outputFingerprints: { text: 'f' } });

    expect(store.projects.delete('site')).toBe(true);
    expect(store.projects.get('site')).toBeUndefined();
    expect(store.pipelines.get('site')).toBeUndefined();
    expect(store.pipelines.get('site-helper')).toBeUndefined();
    expect(store.pipelines.revisions('site')).toEqual([]);
    expect(store.runs.get('r-site')).toBeUndefined();
    expect(store.runs.nodeRuns('r-site')).toEqual([]);
    expect(store.runs.logs('r-site')).toEqual([]);
    expect(store.cache.get('key-1')?.outputs).toEqual({ text: 'x' });
    // The other project is whole.
    expect(store.runs.get('r-keep')?.status).toBe('running');
    expect(store.runs.logs('r-keep').map((l) => l.chunk)).toEqual(['hi']);
    expect(store.pipelines.get('keep')).toBeDefined();
    expect(store.projects.delete('site')).toBe(false);
  });
});
