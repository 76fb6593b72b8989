import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './index';
import { tempDir, tempStore } from './store.test-support';

describe('store.settings', () => {
  it('stores JSON values by key across restarts', () => {
    const file = path.join(tempDir(), 'pipewright.db');
    const store = Store.openFile(file);
    expect(store.settings.get('theme')).toBeUndefined();
    store.settings.set('theme', 'dark');
    store.settings.set('concurrency', 6);
    store.settings.set('llm.default', { endpoint: 'http://localhost:11434/v1', model: 'qwen' });
    store.settings.set('theme', 'light');
    store.close();

    const reopened = Store.openFile(file);
    expect(reopened.settings.get<string>('theme')).toBe('light');
    expect(reopened.settings.get<number>('concurrency')).toBe(6);
    expect(reopened.settings.all()).toEqual({
      concurrency: 6,
      'llm.default': { endpoint: 'http://localhost:11434/v1', model: 'qwen' },
      theme: 'light',
    });
    reopened.close();
  });

  it('removes a setting set to undefined, and refuses values that are not JSON', () => {
    const store = tempStore();
    store.settings.set('a', false);
    expect(store.settings.get('a')).toBe(false);
    store.settings.set('a', undefined);
    expect(store.settings.get('a')).toBeUndefined();
    store.settings.set('b', null);
    expect(store.settings.delete('b')).toBe(true);
    expect(() => store.settings.set('f', () => 1)).toThrow(/setting "f".*plain JSON/);
    expect(() => store.settings.set('n', 1n)).toThrow(/setting "n"/);
    expect(store.settings.all()).toEqual({});
  });
});
