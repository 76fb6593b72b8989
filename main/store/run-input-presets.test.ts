import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store, StoreError } from './index';
import { tempDir } from './store.test-support';

/** A store on a real file in a fresh folder; reopening the same folder is what a restart does. */
function storeIn(home: string): Store {
  return Store.open(home);
}

describe('store.runInputs', () => {
  it('remembers the last inputs of each pipeline across a reopen of the database file', () => {
    const home = path.join(tempDir(), 'home');
    let store = storeIn(home);
    const a = store.projects.create({ id: 'a', name: 'A' });
    const b = store.projects.create({ id: 'b', name: 'B' });
    expect(store.runInputs.last(a.mainPipelineId)).toBeUndefined();
    store.runInputs.remember(a.mainPipelineId, { topic: 'first', count: 1 });
    store.runInputs.remember(a.mainPipelineId, { topic: 'second', count: 2, flags: { fast: true } });
    store.runInputs.remember(b.mainPipelineId, { topic: 'other' });
    store.close();

    store = storeIn(home);
    try {
      expect(store.runInputs.last('a')).toEqual({ topic: 'second', count: 2, flags: { fast: true } });
      expect(store.runInputs.last('b')).toEqual({ topic: 'other' });
      // A pipeline never saved has nothing to keep them by, and that is not an error.
      expect(() => store.runInputs.remember('not-saved', { x: 1 })).not.toThrow();
      expect(store.runInputs.last('not-saved')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('keeps named presets per project: save, replace, list by name, delete; gone with the project', () => {
    const home = path.join(tempDir(), 'home');
    let store = storeIn(home);
    store.projects.create({ id: 'shop', name: 'Shop' });
    store.projects.create({ id: 'blog', name: 'Blog' });
    store.runInputs.savePreset('shop', 'staging', { env: 'staging' }, 1);
    store.runInputs.savePreset('shop', '  Production ', { env: 'prod' }, 2);
    store.runInputs.savePreset('shop', 'staging', { env: 'staging-2' }, 3);
    store.runInputs.savePreset('blog', 'staging', { env: 'blog' }, 4);
    store.close();

    store = storeIn(home);
    try {
      expect(store.runInputs.presets('shop')).toEqual([
        { name: 'Production', inputs: { env: 'prod' }, updatedAt: 2 },
        { name: 'staging', inputs: { env: 'staging-2' }, updatedAt: 3 },
      ]);
      expect(store.runInputs.deletePresetNamed('shop', 'staging')).toBe(true);
      expect(store.runInputs.deletePresetNamed('shop', 'staging')).toBe(false);
      expect(store.runInputs.presets('shop').map((p) => p.name)).toEqual(['Production']);
      expect(store.runInputs.presets('blog')).toEqual([{ name: 'staging', inputs: { env: 'blog' }, updatedAt: 4 }]);

      store.projects.delete('shop');
      expect(store.runInputs.presets('shop')).toEqual([]);
      expect(store.runInputs.last('shop')).toBeUndefined();
      expect(() => store.runInputs.savePreset('gone', 'x', {})).toThrow(/no project "gone"/);
      expect(() => store.runInputs.savePreset('blog', '   ', {})).toThrow(StoreError);
    } finally {
      store.close();
    }
  });

  it('never writes a value that holds a stored secret', () => {
    const home = path.join(tempDir(), 'home');
    const store = storeIn(home);
    try {
      store.projects.create({ id: 'p', name: 'P' });
      store.secrets.set('API_TOKEN', 'tok-9f8e7d6c5b4a');
      store.runInputs.remember('p', { topic: 'cats', token: 'tok-9f8e7d6c5b4a', nested: { header: 'Bearer tok-9f8e7d6c5b4a' } });
      store.runInputs.savePreset('p', 'with token', { topic: 'dogs', token: 'tok-9f8e7d6c5b4a' });
      expect(store.runInputs.last('p')).toEqual({ topic: 'cats' });
      expect(store.runInputs.presets('p')[0].inputs).toEqual({ topic: 'dogs' });
    } finally {
      store.close();
    }
    // Not in the database file anywhere (the secret itself is kept encrypted).
    const bytes = fs.readdirSync(home).filter((f) => f.startsWith('pipewright.db')).map((f) => fs.readFileSync(path.join(home, f)).toString('latin1'));
    expect(bytes.join('')).toContain('dogs');
    expect(bytes.join('')).not.toContain('tok-9f8e7d6c5b4a');
  });
});
