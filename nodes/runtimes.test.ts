import { describe, expect, it } from 'vitest';
import { definitions } from './definitions';
import { pairedRuntimes, runtimes } from './runtimes';

describe('the two lists of kinds', () => {
  it('pair every kind that runs with exactly one runtime, and annotations with none', () => {
    const running = definitions.filter((d) => !d.annotation);
    expect(running.filter((d) => runtimes.get(d.kind)?.run !== pairedRuntimes.find((r) => r.definition === d)?.run)).toEqual([]);
    expect(running.map((d) => d.kind).filter((kind) => !runtimes.has(kind))).toEqual([]);
    expect(definitions.filter((d) => d.annotation && runtimes.has(d.kind)).map((d) => d.kind)).toEqual([]);
  });

  it('list no runtime whose definition is missing from nodes/definitions.ts, nor one kind twice', () => {
    expect(pairedRuntimes.filter((r) => !definitions.includes(r.definition)).map((r) => r.definition.kind)).toEqual([]);
    expect(runtimes.size).toBe(pairedRuntimes.length);
    expect(new Set(definitions.map((d) => d.kind)).size).toBe(definitions.length);
  });
});
