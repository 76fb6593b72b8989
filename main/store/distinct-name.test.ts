import { describe, expect, it } from 'vitest';
import { distinctName, MAX_NAME_LENGTH } from './distinct-name';
import { sampleDoc, tempStore } from './store.test-support';

describe('distinctName', () => {
  it('keeps a free name, and numbers a taken one from (2)', () => {
    expect(distinctName('My factory', new Set(['Other']))).toBe('My factory');
    expect(distinctName('My factory', new Set(['My factory']))).toBe('My factory (2)');
    expect(distinctName('My factory', new Set(['My factory', 'My factory (2)']))).toBe('My factory (3)');
  });

  it('counts a copy of a copy on from the original, filling the first gap', () => {
    expect(distinctName('My factory (2)', new Set(['My factory', 'My factory (2)']))).toBe('My factory (3)');
    expect(distinctName('My factory (3)', new Set(['My factory (3)']))).toBe('My factory (2)');
    expect(distinctName('(2)', new Set(['(2)']))).toBe('(2) (2)');
  });
});

describe('a name longer than a project name may be', () => {
  it('is cut to 200 characters, number included, so it can be shown and renamed like any other', () => {
    const long = 'N'.repeat(5_000_000);
    const first = distinctName(long, new Set());
    expect(first).toBe(`${'N'.repeat(199)}…`);
    const second = distinctName(long, new Set([first]));
    expect(second).toBe(`${'N'.repeat(195)}… (2)`);
    expect(second).toHaveLength(MAX_NAME_LENGTH);
    expect(distinctName(`${'x'.repeat(200)}`, new Set(['x'.repeat(200)]))).toBe(`${'x'.repeat(195)}… (2)`);

    const store = tempStore();
    const doc = { ...sampleDoc('long'), name: long };
    expect(store.pipelines.importDocument(doc).name).toBe(first);
    expect(store.pipelines.importDocument(doc).name).toBe(second);
    expect(store.projects.list().map((p) => p.name.length)).toEqual([MAX_NAME_LENGTH, MAX_NAME_LENGTH]);
  });
});

describe('importing the same document again', () => {
  it('names the copies "Name (2)", then "Name (3)", in the project list and the pipeline', () => {
    const store = tempStore();
    const doc = sampleDoc('factory', 'My factory');
    expect(store.pipelines.importDocument(doc)).toEqual({ id: 'factory', renamed: false, name: 'My factory' });
    expect(store.pipelines.importDocument(doc)).toEqual({ id: 'factory-2', renamed: true, name: 'My factory (2)' });
    expect(store.pipelines.importDocument(doc)).toEqual({ id: 'factory-3', renamed: true, name: 'My factory (3)' });
    expect(store.projects.list().map((p) => p.name).sort()).toEqual(['My factory', 'My factory (2)', 'My factory (3)']);
    expect(store.pipelines.get('factory-3')?.name).toBe('My factory (3)');
  });

  it('keeps the name when only the id was taken by a project of another name', () => {
    const store = tempStore();
    store.projects.create({ id: 'factory', name: 'Something else' });
    expect(store.pipelines.importDocument(sampleDoc('factory', 'My factory'))).toEqual({ id: 'factory-2', renamed: true, name: 'My factory' });
  });
});
