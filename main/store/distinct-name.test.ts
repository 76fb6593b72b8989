import { describe, expect, it } from 'vitest';
import { distinctName } from './distinct-name';
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
