import { describe, expect, it } from 'vitest';
import { PORT_TYPES, isCompatible } from './ports';

describe('isCompatible', () => {
  it('allows equal types and anything to or from any', () => {
    for (const t of PORT_TYPES) {
      expect(isCompatible(t, t)).toBe(true);
      expect(isCompatible(t, 'any')).toBe(true);
      expect(isCompatible('any', t)).toBe(true);
    }
  });

  it('lets a repo feed a workspace and text feed json, not the reverse', () => {
    expect(isCompatible('repo', 'workspace')).toBe(true);
    expect(isCompatible('workspace', 'repo')).toBe(false);
    expect(isCompatible('text', 'json')).toBe(true);
    expect(isCompatible('json', 'text')).toBe(false);
  });

  it('refuses unrelated types', () => {
    expect(isCompatible('endpoint', 'workspace')).toBe(false);
    expect(isCompatible('service', 'text')).toBe(false);
  });
});
