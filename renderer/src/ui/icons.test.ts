import { icons } from 'lucide-react';
import { describe, expect, it } from 'vitest';
import { definitions } from '../../../nodes/definitions';
import { KIND_ICONS } from './icons';

/** lucide's name of an icon (`git-branch`) as the key of its component (`GitBranch`). */
const componentName = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());

describe('node icons', () => {
  it('every node kind names an icon the renderer draws', () => {
    const missing = definitions.filter((d) => !Object.hasOwn(KIND_ICONS, d.icon)).map((d) => `${d.kind}: "${d.icon}"`);
    expect(missing).toEqual([]);
  });

  it('every name maps to the lucide icon of that name', () => {
    const wrong = Object.entries(KIND_ICONS)
      .filter(([name, component]) => icons[componentName(name) as keyof typeof icons] !== component)
      .map(([name]) => name);
    expect(wrong).toEqual([]);
  });

  it('a misspelt name is not an icon', () => {
    expect(Object.hasOwn(KIND_ICONS, 'git-brnach')).toBe(false);
    expect(icons[componentName('git-brnach') as keyof typeof icons]).toBeUndefined();
  });
});
