import { describe, expect, it } from 'vitest';
import { cellText, inferSchema, isHttpUrl, parsedJson, pathText, tableOf } from './shape';

describe('inferring a schema', () => {
  it('names every field with its type, merging array elements and marking fields some lack', () => {
    const value = {
      name: 'shop',
      port: 8080,
      tests: [
        { name: 'adds', ok: true },
        { name: 'removes', ok: false, error: 'expected 1' },
      ],
      owner: null,
    };
    expect(inferSchema(value)).toEqual([
      { path: 'name', type: 'string', example: 'shop' },
      { path: 'port', type: 'number', example: '8080' },
      { path: 'tests', type: 'array' },
      { path: 'tests[]', type: 'object' },
      { path: 'tests[].name', type: 'string', example: 'adds' },
      { path: 'tests[].ok', type: 'boolean', example: 'true' },
      { path: 'tests[].error', type: 'string', example: 'expected 1', optional: true },
      { path: 'owner', type: 'null' },
    ]);
  });

  it('calls a field with different types mixed, and a null beside a type optional', () => {
    expect(inferSchema([{ a: 1, b: null }, { a: 'x', b: 2 }])).toEqual([
      { path: '[]', type: 'object' },
      { path: '[].a', type: 'mixed', example: '1' },
      { path: '[].b', type: 'number', optional: true },
    ]);
  });
});

describe('a value as a table', () => {
  it('makes rows of an array of objects with a column for every key seen', () => {
    expect(tableOf([{ id: 1, name: 'a' }, { id: 2, tags: ['x'] }])).toEqual({
      columns: ['id', 'name', 'tags'],
      rows: [
        [1, 'a', undefined],
        [2, undefined, ['x']],
      ],
    });
  });

  it('makes key/value rows of an object and numbered rows of scalars; none of a scalar', () => {
    expect(tableOf({ url: 'http://x', exitCode: 0 })).toEqual({ columns: ['key', 'value'], rows: [['url', 'http://x'], ['exitCode', 0]] });
    expect(tableOf(['a', 'b'])).toEqual({ columns: ['#', 'value'], rows: [[0, 'a'], [1, 'b']] });
    expect(tableOf(42)).toBeUndefined();
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
    expect(cellText(undefined)).toBe('');
  });
});

describe('reading values', () => {
  it('knows an http(s) URL from other text', () => {
    expect(isHttpUrl('http://127.0.0.1:8080/')).toBe(true);
    expect(isHttpUrl('https://example.com/a?b=1')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('file:///etc/passwd')).toBe(false);
    expect(isHttpUrl('see http://x.y for more')).toBe(false);
    expect(isHttpUrl(8080)).toBe(false);
  });

  it('reads JSON held in text, and leaves other text alone', () => {
    expect(parsedJson('[{"a":1}]\n')).toEqual({ value: [{ a: 1 }] });
    expect(parsedJson('hello')).toBeUndefined();
    expect(parsedJson('{broken')).toBeUndefined();
    expect(parsedJson({ a: 1 })).toEqual({ value: { a: 1 } });
    expect(parsedJson(3)).toBeUndefined();
  });

  it('writes a path to copy', () => {
    expect(pathText(['items', 2, 'name'])).toBe('items[2].name');
    expect(pathText(['odd key', 'a'])).toBe('["odd key"].a');
  });
});
