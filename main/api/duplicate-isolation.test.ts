import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { useApiHost } from './api-host.test-support';

// A duplicated project shares its original's cached results, never its folders: a real host
// (SQLite, shell nodes under real ptys) and the API the editor uses.

const s = useApiHost('pw-duplicate-');
const { call } = s;

/** Text into a file of a fresh workspace, then a second shell that edits that file in place. */
function doc(id: string, editedBy: string): Pipeline {
  return {
    format: FORMAT,
    id,
    name: id,
    nodes: [
      { id: 'say', kind: 'text', params: { text: 'hello' }, position: { x: 0, y: 0 } },
      { id: 'make', kind: 'shell', params: { command: 'cat > out.txt' }, position: { x: 300, y: 0 } },
      { id: 'edit', kind: 'shell', params: { command: `echo "by ${editedBy}" >> out.txt` }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'say', port: 'text' }, to: { node: 'make', port: 'input' } },
      { id: 'e2', from: { node: 'make', port: 'workspace' }, to: { node: 'edit', port: 'workspace' } },
    ],
  };
}

async function runToEnd(projectId: string, pipeline: Pipeline): Promise<string> {
  s.events.length = 0;
  const { runId } = await call('runs.start', { projectId, doc: pipeline });
  await expect.poll(() => s.events.find((e) => e.type === 'run-finished'), { timeout: 20_000 }).toMatchObject({ status: 'succeeded' });
  return runId;
}

/** The file as the run's last node left it, found through what the run recorded. */
async function fileAfter(runId: string): Promise<string> {
  const detail = await call('runs.get', { runId });
  const edit = detail.nodes.find((n: { nodeId: string }) => n.nodeId === 'edit');
  return readFileSync(join(edit.outputs.workspace.path, 'out.txt'), 'utf8');
}

describe('a duplicated project', () => {
  it('runs and edits its own copy, leaving the original project’s files as they were', async () => {
    const original = await call('projects.create', { name: 'Original' });
    const first = await runToEnd(original.id, doc(original.mainPipelineId, 'the original'));
    expect(await fileAfter(first)).toBe('hello\nby the original\n');

    const copy = await call('projects.duplicate', { id: original.id, name: 'Copy' });
    const opened = (await call('pipeline.open', { id: copy.mainPipelineId })).doc as Pipeline;
    const edited = { ...opened, nodes: opened.nodes.map((n) => (n.id === 'edit' ? { ...n, params: { command: 'echo "by the copy" >> out.txt' } } : n)) };
    const second = await runToEnd(copy.id, edited);
    expect(await fileAfter(second)).toBe('hello\nby the copy\n');
    expect(await fileAfter(first)).toBe('hello\nby the original\n');

    // The original, run again unchanged, reuses its own results and files.
    const third = await runToEnd(original.id, doc(original.mainPipelineId, 'the original'));
    expect(s.events.filter((e) => e.type === 'node-finished').map((e) => (e as { status: string }).status)).toEqual(['cached', 'cached', 'cached']);
    expect(await fileAfter(third)).toBe('hello\nby the original\n');
  });

  it('keeps the LLM budget of its original, with nothing spent', async () => {
    const original = await call('projects.create', { name: 'Capped' });
    await call('budget.set', { projectId: original.id, usd: 0.05 });
    const copy = await call('projects.duplicate', { id: original.id, name: 'Capped copy' });
    expect(await call('budget.get', { projectId: copy.id })).toEqual({ usd: 0.05 });
    expect(await call('usage.get', { projectId: copy.id })).toMatchObject({ project: { cost: 0 } });
    const free = await call('projects.create', { name: 'Free' });
    expect(await call('budget.get', { projectId: (await call('projects.duplicate', { id: free.id, name: 'Free copy' })).id })).toEqual({ usd: null });
  });
});
