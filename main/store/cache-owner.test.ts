import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { MIGRATIONS } from './migrations';
import { DATABASE_FILE, Store } from './index';
import { tempDir, tempStore } from './store.test-support';

const result = (text: string, projectId: string, nodeId: string) => ({
  outputs: { ws: { path: `/work/${projectId}/${nodeId}` }, text },
  outputFingerprints: { ws: `fp-${text}`, text: `fp-${text}` },
  owner: { projectId, nodeId },
});

describe('store.cache owners', () => {
  it('keeps one result per owner under the same key, each owner getting its own back first', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    const store = Store.openFile(file);
    store.cache.put('k', 'write', 'a', result('from a', 'a', 'make'));
    store.cache.put('k', 'write', 'b', result('from b', 'b', 'make'));
    expect(store.cache.get('k', { projectId: 'a', nodeId: 'make' })).toEqual(result('from a', 'a', 'make'));
    expect(store.cache.get('k', { projectId: 'b', nodeId: 'make' })).toEqual(result('from b', 'b', 'make'));
    // Someone else gets a result, with its owner named so it can tell it is not its own.
    expect(store.cache.get('k', { projectId: 'c', nodeId: 'make' })?.owner).toMatchObject({ nodeId: 'make' });
    expect(store.cache.size()).toBe(2);
    store.close();

    const reopened = Store.openFile(file);
    expect(reopened.cache.get('k', { projectId: 'a', nodeId: 'make' })).toEqual(result('from a', 'a', 'make'));
    expect(reopened.cache.get('k', { projectId: 'b', nodeId: 'make' })).toEqual(result('from b', 'b', 'make'));
    expect(reopened.cache.get('k', { projectId: 'a', nodeId: 'other' })?.outputs.text).toMatch(/^from [ab]$/);
    expect(reopened.cache.clear('a')).toBe(1);
    expect(reopened.cache.get('k', { projectId: 'a', nodeId: 'make' })).toEqual(result('from b', 'b', 'make'));
    reopened.close();
  });

  it('serves a pending own result before a stored one of another owner', () => {
    const store = tempStore();
    store.cache.put('k', 'write', 'a', result('from a', 'a', 'make'));
    store.runs.flush();
    store.cache.put('k', 'write', 'b', result('from b', 'b', 'make'));
    expect(store.cache.get('k', { projectId: 'a', nodeId: 'make' })?.outputs.text).toBe('from a');
    expect(store.cache.get('k', { projectId: 'b', nodeId: 'make' })?.outputs.text).toBe('from b');
  });

  it('upgrades results stored before owners were recorded: kept, with no owner', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    const before = MIGRATIONS.filter((m) => m.version < MIGRATIONS.find((x) => x.sql.includes('cache_by_owner'))!.version);
    const old = openDatabase(file, { migrations: before });
    old
      .prepare('INSERT INTO cache VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('k', 'a', 'write', JSON.stringify({ text: 'old' }), JSON.stringify({ text: 'fp' }), 1, 1);
    old.close();
    const store = Store.openFile(file);
    const found = store.cache.get('k', { projectId: 'a', nodeId: 'make' });
    expect(found).toEqual({ outputs: { text: 'old' }, outputFingerprints: { text: 'fp' } });
    expect(found?.owner).toBeUndefined();
    store.cache.put('k', 'write', 'a', result('mine', 'a', 'make'));
    expect(store.cache.get('k', { projectId: 'a', nodeId: 'make' })?.outputs.text).toBe('mine');
    expect(store.cache.size()).toBe(2);
    store.close();
  });
});
