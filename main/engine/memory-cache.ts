import type { CachedResult, ResultCache } from './types';

/** A ResultCache held in memory: for benchmarks, headless one-off runs and tests. */
export class MemoryCache implements ResultCache {
  private readonly entries = new Map<string, CachedResult>();

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedResult | undefined {
    return this.entries.get(key);
  }

  put(key: string, _kind: string, _projectId: string, result: CachedResult): void {
    this.entries.set(key, result);
  }

  clear(): void {
    this.entries.clear();
  }
}
