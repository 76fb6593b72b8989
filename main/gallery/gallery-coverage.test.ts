import { describe, expect, it } from 'vitest';
import { allBundled, RUN_BY } from './template-runs.test-support';

describe('every bundled template is run in CI', () => {
  it('names each file of resources/templates in exactly one of the run tests', () => {
    const listed = Object.values(RUN_BY).flat();
    expect([...listed].sort()).toEqual(allBundled());
    expect(new Set(listed).size).toBe(listed.length);
  });
});
