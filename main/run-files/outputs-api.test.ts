import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { useApiHost } from '../api/api-host.test-support';

// The Output tab's calls over a real host: shell nodes under real ptys writing real files.

const s = useApiHost('pw-outputs-');

const doc = (id: string, command: string): Pipeline => ({
  format: FORMAT,
  id,
  name: id,
  nodes: [{ id: 'make', kind: 'shell', version: 1, params: { command }, position: { x: 0, y: 0 } }],
  edges: [],
});

async function run(projectId: string, d: Pipeline): Promise<string> {
  s.events = [];
  const { runId } = await s.call('runs.start', { projectId, doc: d });
  await expect.poll(() => s.events.find((e) => e.type === 'run-finished'), { timeout: 20_000 }).toBeTruthy();
  return runId;
}

describe('the files of a folder output', () => {
  it('lists and serves what a node wrote, as it was in each run, and names the previous run', async () => {
    const p = await s.call('projects.create', { name: 'Files' });
    const first = await run(p.id, doc(p.mainPipelineId, 'mkdir src; echo one > src/a.txt; echo same > b.txt'));
    const second = await run(p.id, doc(p.mainPipelineId, 'mkdir src; echo two > src/a.txt; echo same > b.txt'));
    const ref = { runId: second, nodeId: 'make', port: 'workspace' };

    const listing = await s.call('outputs.files', ref);
    expect(listing.kept).toBe(true);
    expect(listing.files.map((f: { path: string }) => f.path)).toEqual(['b.txt', 'src/a.txt']);
    expect(listing.previous.runId).toBe(first);
    const hashes = (files: { path: string; hash: string }[]) => Object.fromEntries(files.map((f) => [f.path, f.hash]));
    expect(hashes(listing.previous.files)['b.txt']).toBe(hashes(listing.files)['b.txt']);
    expect(hashes(listing.previous.files)['src/a.txt']).not.toBe(hashes(listing.files)['src/a.txt']);

    // The workspace itself now holds the second run's files; the first run's are still served.
    expect((await s.call('outputs.file', { ...ref, path: 'src/a.txt' })).text).toBe('two\n');
    expect((await s.call('outputs.file', { ...ref, runId: first, path: 'src/a.txt' })).text).toBe('one\n');
    await expect(s.call('outputs.file', { ...ref, path: '../../../../../etc/passwd' })).rejects.toThrow(/cannot open "..\/..\/..\/..\/..\/etc\/passwd"/);
    expect((await s.call('outputs.files', { ...ref, runId: first })).previous).toBeUndefined();

    // Deleting the project deletes the files kept for its runs.
    const kept = join(s.home, 'run-files', p.id);
    expect(existsSync(kept)).toBe(true);
    await s.call('projects.delete', { id: p.id });
    expect(existsSync(kept)).toBe(false);
  });

  it('redacts a secret a node wrote into a file', async () => {
    await s.call('secrets.set', { name: 'API_TOKEN', value: 'tok-123456' });
    const p = await s.call('projects.create', { name: 'Secret' });
    const runId = await run(p.id, doc(p.mainPipelineId, 'echo key=tok-123456 > .env'));
    expect((await s.call('outputs.file', { runId, nodeId: 'make', port: 'workspace', path: '.env' })).text).toBe('key=[secret API_TOKEN]\n');
  });
});
