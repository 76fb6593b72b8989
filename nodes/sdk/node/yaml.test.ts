import { describe, expect, it } from 'vitest';
import { toYaml } from './yaml';
import { readYaml } from './yaml-reader.test-support';

describe('toYaml', () => {
  it('writes data that a YAML reader gets back unchanged, typed as it was', () => {
    const value = {
      list: [{ name: 'yes', n: 3, on: true, nested: { '0.5': null, no: 'off' } }, 'no', '1e3', '0x10'],
      empty: [],
      none: {},
      tricky: 'a: b # c\n"d"\t${{ secrets.KEY }}',
      long: 'word '.repeat(60).trim(),
    };
    const text = toYaml({ ...value, skipped: undefined }, 'first line\nsecond');
    expect(readYaml(text)).toEqual(value);
    expect(text.startsWith('# first line\n# second\n')).toBe(true);
  });

  it('quotes what a YAML 1.1 reader would take for a boolean or a number, keys included', () => {
    const text = toYaml({ on: 'yes', n: 'no', model: 'y', fallbacks: [{ off: ['on'] }] });
    // js-yaml reads YAML 1.2; these lines are what PyYAML (YAML 1.1) needs quoted.
    for (const line of ['"on": "yes"', '"n": "no"', 'model: "y"', '- "off":', '- "on"']) expect(text).toContain(line);
  });

  it('writes block style, not JSON-like flow', () => {
    expect(toYaml({ model_list: [{ model_name: 'coder', litellm_params: { model: 'openai/devstral' } }] })).toBe(
      ['model_list:', '  - model_name: "coder"', '    litellm_params:', '      model: "openai/devstral"', ''].join('\n'),
    );
  });
});
