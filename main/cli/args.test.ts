import { describe, expect, it } from 'vitest';
import { UsageError, allowOnly, intFlag, parseArgs } from './args';

describe('parseArgs', () => {
  it('splits positionals, valued flags (both spellings) and switches', () => {
    const a = parseArgs(['run', 'x.json', '--input', 'a=1', '--input=b=2', '--json'], new Set(['json']));
    expect(a.positionals).toEqual(['run', 'x.json']);
    expect(a.flags.get('input')).toEqual(['a=1', 'b=2']);
    expect(a.flags.get('json')).toEqual(['true']);
  });

  it('says which flag lacks its value', () => {
    expect(() => parseArgs(['--concurrency'], new Set())).toThrow(/--concurrency needs a value/);
  });

  it('refuses unknown flags and bad numbers clearly', () => {
    const a = parseArgs(['--concurency', '4'], new Set());
    expect(() => allowOnly(a, 'run', ['concurrency'])).toThrow(UsageError);
    expect(() => allowOnly(a, 'run', ['concurrency'])).toThrow(/unknown option --concurency for "run"/);
    expect(() => intFlag(parseArgs(['--concurrency', 'x'], new Set()), 'concurrency', 1)).toThrow(
      /--concurrency must be a whole number ≥ 1, got "x"/,
    );
  });
});
