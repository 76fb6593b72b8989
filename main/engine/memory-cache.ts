import type { CachedResult, ResultCache, ResultOwner } from './types';

function ownerId(owner: ResultOwner | undefined): string {
  return owner ? `${owner.projectId}\0${owner.nodeId}` : '';
}

/** A ResultCache held in memory: for benchmarks, headless one-off runs and tests. */
export class MemoryCache implements ResultCache {
  /** By key, then by owner; the owner put last comes last. */
  private readonly entries = new Map<string, Map<string, CachedResult>>();
  /** The key each owner put last. */
  private readonly made = new Map<string, string>();

  /** How many results are held, counting each owner's. */
  get size(): number {
    let n = 0;
    for (const owners of this.entries.values()) n += owners.size;
    return n;
  }

  get(key: string, owner?: ResultOwner): CachedResult | undefined {
    const owners = this.entries.get(key);
    if (!owners) return undefined;
    const own = owner && owners.get(ownerId(owner));
    if (own) return own;
    let latest: CachedResult | undefined;
    for (const result of owners.values()) latest = result;
    return latest;
  }

  put(key: string, _kind: string, projectId: string, result: CachedResult): void {
    let owners = this.entries.get(key);
    if (!owners) this.entries.set(key, (owners = new Map()));
    const id = ownerId(result.owner ?? { projectId, nodeId: '' });
    owners.delete(id);
    owners.set(id, result);
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
