import { describe, expect, it } from 'vitest';
import { MemoryCache } from './memory-cache';
import type { CachedResult, ResultOwner } from './types';

const owner = (nodeId: string, projectId = 'p'): ResultOwner => ({ projectId, nodeId });
const made = (text: string, by: ResultOwner): CachedResult => ({ outputs: { text }, outputFingerprints: { text: text }, owner: by });

describe('MemoryCache', () => {
  it("serves each owner its own result under a key, and others the one put last, as one owner's turns into several", () => {
    const cache = new MemoryCache();
    cache.put('k', 'kind', 'p', made('a1', owner('a')));
    expect(cache.get('k', owner('a'))?.outputs.text).toBe('a1');
    expect(cache.get('k', owner('b'))?.outputs.text).toBe('a1');
    cache.put('k', 'kind', 'p', made('a2', owner('a')));
    expect(cache.size).toBe(1);
    expect(cache.get('k', owner('a'))?.outputs.text).toBe('a2');

    cache.put('k', 'kind', 'p', made('b1', owner('b')));
    expect(cache.size).toBe(2);
    expect(cache.get('k', owner('a'))?.outputs.text).toBe('a2');
    expect(cache.get('k', owner('b'))?.outputs.text).toBe('b1');
    expect(cache.get('k', owner('c'))?.outputs.text).toBe('b1');
    cache.put('k', 'kind', 'p', made('a3', owner('a')));
    expect(cache.get('k', owner('c'))?.outputs.text).toBe('a3');
    expect(cache.get('k')?.outputs.text).toBe('a3');
    expect(cache.lastMade(owner('a'))).toBe('k');
    expect(cache.get('other', owner('a'))).toBeUndefined();
  });

  it('keeps a result put without an owner as the project\'s, apart from a node\'s own', () => {
    const cache = new MemoryCache();
    cache.put('k', 'kind', 'p', { outputs: { text: 'old' }, outputFingerprints: {} });
    cache.put('k', 'kind', 'p', made('mine', owner('n')));
    expect(cache.size).toBe(2);
    expect(cache.get('k', owner('n'))?.outputs.text).toBe('mine');
  });
});
