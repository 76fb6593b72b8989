import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../store/store.test-support';
import { node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';
import type { ResultCache } from './types';

let t: TestEngine;
afterEach(() => t?.dispose());

const writing = (text: string) => pipeline('p', [node('make', 'write', { files: { 'f.txt': text } })]);

async function folderText(doc: ReturnType<typeof writing>): Promise<{ status: string; cached: boolean; text: string }> {
  const { summary } = await t.run(doc);
  const made = summary.nodes.make;
  const path = (made.outputs as { ws: { path: string } }).ws.path;
  return { status: made.status, cached: made.cached, text: readFileSync(join(path, 'f.txt'), 'utf8') };
}

describe('a node whose folder another result of its own has since filled', () => {
  for (const [name, open] of [
    ['in memory', () => ({ cache: undefined, flush: () => {} })],
    ['in SQLite', () => {
      const store = tempStore();
      return { cache: store.cache, flush: () => store.runs.flush() };
    }],
  ] as [string, () => { cache?: ResultCache; flush(): void }][]) {
    it(`runs again for A after A then B, and reuses A while nothing else ran (${name})`, async () => {
      const { cache, flush } = open();
      t = testEngine({ cache });
      expect(await folderText(writing('A'))).toMatchObject({ cached: false, text: 'A' });
      expect(await folderText(writing('A'))).toMatchObject({ cached: true, text: 'A' });
      expect(await folderText(writing('B'))).toMatchObject({ cached: false, text: 'B' });
      // Written out, so the SQLite store answers from its table rather than its pending writes.
      flush();
      // A's stored result names the same folder, which now holds B: it must not be taken as A.
      expect(await folderText(writing('A'))).toMatchObject({ cached: false, text: 'A' });
      expect(await folderText(writing('A'))).toMatchObject({ cached: true, text: 'A' });
    });
  }
});
