import type { CachedResult, ResultCache, ResultOwner } from './types';

function ownerId(owner: ResultOwner | undefined): string {
  return owner ? `${owner.projectId}\0${owner.nodeId}` : '';
}

/** A key's one result, as most keys have: no map of owners is made for it. */
interface Single {
  id: string;
  result: CachedResult;
}

/** A ResultCache held in memory: for benchmarks, headless one-off runs and tests. */
export class MemoryCache implements ResultCache {
  /** By key: one result, or results by owner with the owner put last coming last. */
  private readonly entries = new Map<string, Single | Map<string, CachedResult>>();
  /** The key each owner put last. */
  private readonly made = new Map<string, string>();

  /** How many results are held, counting each owner's. */
  get size(): number {
    let n = 0;
    for (const entry of this.entries.values()) n += entry instanceof Map ? entry.size : 1;
    return n;
  }

  get(key: string, owner?: ResultOwner): CachedResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // A key's only result is its owner's own or, failing that, the latest anyone put.
    if (!(entry instanceof Map)) return entry.result;
    const own = owner && entry.get(ownerId(owner));
    if (own) return own;
    let latest: CachedResult | undefined;
    for (const result of entry.values()) latest = result;
    return latest;
  }

  put(key: string, _kind: string, projectId: string, result: CachedResult): void {
    const id = ownerId(result.owner ?? { projectId, nodeId: '' });
    const entry = this.entries.get(key);
    if (!entry || (!(entry instanceof Map) && entry.id === id)) {
      this.entries.set(key, { id, result });
    } else if (entry instanceof Map) {
      entry.delete(id);
      entry.set(id, result);
    } else {
      this.entries.set(
        key,
        new Map([
          [entry.id, entry.result],
          [id, result],
        ]),
      );
    }
    this.made.set(id, key);
  }

  lastMade(owner: ResultOwner): string | undefined {
    return this.made.get(ownerId(owner));
  }

  clear(): void {
    this.entries.clear();
    this.made.clear();
  }
}
