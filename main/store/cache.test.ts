import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { Store } from './index';
import { tempDir, tempStore } from './store.test-support';

const result = (text: string) => ({ outputs: { text }, outputFingerprints: { text: `fp-${text}` } });

describe('store.cache', () => {
  it('returns what was put, before and after it reaches the disk, and across restarts', () => {
    const file = path.join(tempDir(), 'pipewright.db');
    const store = Store.openFile(file);
    expect(store.cache.get('k1')).toBeUndefined();
    store.cache.put('k1', 'text', 'site', result('hello'));
    expect(store.cache.get('k1')).toEqual(result('hello'));
    store.cache.put('k1', 'text', 'site', result('hello again'));
    expect(store.cache.get('k1')).toEqual(result('hello again'));
    store.close();

    const reopened = Store.openFile(file);
    expect(reopened.cache.get('k1')).toEqual(result('hello again'));
    expect(reopened.cache.size()).toBe(1);
    reopened.close();
  });

  it('keeps a snapshot: changing the engine’s object after put changes nothing', () => {
    const store = tempStore();
    const r = result('original');
    store.cache.put('k', 'text', 'p', r);
    r.outputs.text = 'changed';
    expect(store.cache.get('k')?.outputs).toEqual({ text: 'original' });
  });

  it('marks entries as used when they are read, in the next batch', () => {
    const store = tempStore();
    store.cache.put('k', 'text', 'p', result('x'));
    store.runs.flush();
    const raw = openSqlite(store.file, { readonly: true });
    const lastUsed = () => raw.prepare<{ t: number }>("SELECT last_used_at AS t FROM cache WHERE key = 'k'").get()!.t;
    const before = lastUsed();
    const wait = Date.now() + 5;
    while (Date.now() < wait) {
      /* let the clock move on */
    }
    store.cache.get('k');
    expect(lastUsed()).toBe(before);
    store.runs.flush();
    expect(lastUsed()).toBeGreaterThan(before);
    raw.close();
  });

  it('clears one project or everything, and counts entries', () => {
    const store = tempStore();
    store.cache.put('a1', 'text', 'a', result('1'));
    store.cache.put('a2', 'shell', 'a', result('2'));
    store.cache.put('b1', 'text', 'b', result('3'));
    expect(store.cache.size()).toBe(3);
    expect(store.cache.clear('a')).toBe(2);
    expect(store.cache.get('a1')).toBeUndefined();
    expect(store.cache.get('b1')).toEqual(result('3'));
    expect(store.cache.size()).toBe(1);
    store.cache.put('c1', 'text', 'c', result('4'));
    expect(store.cache.clear()).toBe(2);
    expect(store.cache.size()).toBe(0);
  });
});
