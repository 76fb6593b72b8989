import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

// A project holds more than one pipeline (a sub-pipeline made from a selection, one made through
// the API). Node ids are unique within a pipeline only: two pipelines of one project may each
// have a node "make", and neither may work in the other's folder.

let t: TestEngine;
afterEach(() => t?.dispose());

type Summary = Awaited<ReturnType<TestEngine['run']>>['summary'];
const folder = (summary: Summary, nodeId: string) => (summary.nodes[nodeId].outputs!.ws as { path: string }).path;
const read = (summary: Summary, nodeId: string) => readFileSync(join(folder(summary, nodeId), 'app.txt'), 'utf8');
const make = (text: string) => node('make', 'write', { files: { 'app.txt': text } });

describe('pipelines of one project whose nodes share an id', () => {
  it('each work in folders of their own, by content: running one leaves the other’s files as they were', async () => {
    t = testEngine({});
    // "p" is the project's main pipeline (its id is the project's); "part" and "other" are more of its pipelines.
    const main = await t.run(pipeline('p', [make('main')]), { projectId: 'p' });
    const part = await t.run(pipeline('part', [make('part')]), { projectId: 'p' });
    const other = await t.run(pipeline('other', [make('other')]), { projectId: 'p' });
    expect(read(main.summary, 'make')).toBe('main');
    expect(read(part.summary, 'make')).toBe('part');
    expect(read(other.summary, 'make')).toBe('other');
    // The main pipeline's folders stay where earlier runs made them.
    expect(folder(main.summary, 'make')).toBe(join(t.root, 'p', 'make'));

    // Run again unchanged: each reuses its own result, and its folder still holds its own files.
    t.recorder.calls.length = 0;
    const again = await t.run(pipeline('p', [make('main')]), { projectId: 'p' });
    expect(t.recorder.calls).toEqual([]);
    expect(again.summary.nodes.make.status).toBe('cached');
    expect(read(again.summary, 'make')).toBe('main');
  });

  it('a node identical to one of another pipeline of the project works on a copy of its folder', async () => {
    t = testEngine({});
    await t.run(pipeline('p', [make('same')]), { projectId: 'p' });
    const part = await t.run(pipeline('part', [make('same'), node('look', 'read')], [edge('make.ws', 'look.ws')]), { projectId: 'p' });
    expect(part.summary.nodes.make.status).toBe('cached');
    expect(part.events.some((e) => e.type === 'node-log' && e.chunk.includes('reused the result of node "make" of project "p", copied'))).toBe(true);
    expect(folder(part.summary, 'make')).not.toBe(join(t.root, 'p', 'make'));
    expect(read(part.summary, 'make')).toBe('same');
  });
});
