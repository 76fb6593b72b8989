import { describe, expect, it } from 'vitest';
import { FIXED_TOOLS, pipelineToolName } from './tool-names';

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

describe('pipelineToolName', () => {
  it('keeps an id that is a valid tool name as it is', () => {
    expect(pipelineToolName('deploy-app_2')).toBe('deploy-app_2');
  });

  it('makes other ids valid, stable and distinct', () => {
    const ids = ['a.b', 'a:b', 'a_b', 'x'.repeat(200), `${'x'.repeat(199)}y`, FIXED_TOOLS.listRuns];
    const names = ids.map(pipelineToolName);
    for (const name of names) expect(name).toMatch(VALID);
    expect(new Set(names).size).toBe(ids.length);
    expect(names.map((n, i) => n === pipelineToolName(ids[i]))).not.toContain(false);
    expect(pipelineToolName('a.b')).toMatch(/^a_b_[0-9a-f]{8}$/);
    expect(pipelineToolName(FIXED_TOOLS.listRuns)).not.toBe(FIXED_TOOLS.listRuns);
  });
});
