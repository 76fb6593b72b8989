import { describe, expect, it } from 'vitest';
import { resolveTheme } from './settings';

describe('the theme', () => {
  it('follows the system unless one is chosen', () => {
    expect(resolveTheme(undefined, true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
