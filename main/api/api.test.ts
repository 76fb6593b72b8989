import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { useApiHost } from './api-host.test-support';

// The API over a real host: SQLite in a temporary folder, shell nodes under real ptys.

const s = useApiHost('pw-api-');
const { call } = s;

const shellDoc = (id: string, command: string): Pipeline => ({
  format: FORMAT,
  id,
  name: id,
  nodes: [
    { id: 'say', kind: 'text', version: 1, params: { text: 'hello' }, position: { x: 0, y: 0 } },
    { id: 'run', kind: 'shell', version: 1, params: { command }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e1', from: { node: 'say', port: 'text' }, to: { node: 'run', port: 'input' } }],
});

describe('the API', () => {
  it('creates, renames, duplicates and deletes projects with their UI state', async () => {
    const p = await call('projects.create', { name: 'Shop' });
    const doc = shellDoc(p.mainPipelineId, 'cat');
    const note = { id: 'note', kind: 'comment', version: 1, params: { text: 'why' }, position: { x: 0, y: 0 } };
    await call('pipeline.save', { doc: { ...doc, nodes: [...doc.nodes, note] }, projectId: p.id });
    const undo = { step: 0, patch: JSON.stringify({ nodes: { removed: [[2, note]] } }) };
    await call('pipeline.saveHistory', { id: p.mainPipelineId, change: { first: 0, last: 0, cursor: 0, put: [undo] } });
    expect(await call('pipeline.history', { id: p.mainPipelineId })).toEqual({ past: [undo], future: [] });
    await expect(
      call('pipeline.saveHistory', { id: p.mainPipelineId, change: { first: 0, last: 0, cursor: 4, put: [] } }),
    ).rejects.toThrow(/cursor/);
    expect((await call('projects.rename', { id: p.id, name: 'Shop 2' })).name).toBe('Shop 2');
    const copy = await call('projects.duplicate', { id: p.id, name: 'Copy' });
    const opened = await call('pipeline.open', { id: copy.mainPipelineId });
    expect(opened.doc.nodes).toHaveLength(3);
    expect(opened.doc.nodes[2]).toEqual(note);
    expect(await call('projects.delete', { id: p.id })).toEqual({ deleted: true });
    expect(s.host.store.undoHistory.get(p.mainPipelineId)).toEqual({ past: [], future: [] });
    expect((await call('projects.list', {})).map((x: { name: string }) => x.name)).toEqual(['Copy']);
  });

  it('validates a document and names the node and field', async () => {
    const doc = shellDoc('v', '');
    const { issues } = await call('pipeline.validate', { doc });
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'run', field: 'command', code: 'invalid-param' })]);
  });

  it('runs a pipeline, streams its s.events, records it, then serves it from the cache', async () => {
    const p = await call('projects.create', { name: 'Echo' });
    const doc = shellDoc(p.mainPipelineId, 'tr a-z A-Z');
    const { runId } = await call('runs.start', { projectId: p.id, doc });
    await expect.poll(() => s.events.find((e) => e.type === 'run-finished'), { timeout: 20_000 }).toBeTruthy();
    expect(s.events.find((e) => e.type === 'run-finished')).toMatchObject({ runId, status: 'succeeded' });
    expect(s.events.filter((e) => e.type === 'node-log').map((e) => (e as { chunk: string }).chunk).join('')).toContain('HELLO');
    const detail = await call('runs.get', { runId });
    expect(detail.run.status).toBe('succeeded');
    expect(detail.nodes.map((n: { status: string }) => n.status)).toEqual(['succeeded', 'succeeded']);
    expect((await call('runs.logs', { runId, nodeId: 'run' })).map((c: { chunk: string }) => c.chunk).join('')).toContain('HELLO');

    s.events.length = 0;
    const second = await call('runs.start', { projectId: p.id, doc });
    await expect.poll(() => s.events.find((e) => e.type === 'run-finished'), { timeout: 20_000 }).toBeTruthy();
    const finished = s.events.filter((e) => e.type === 'node-finished').map((e) => (e as { status: string }).status);
    expect(finished).toEqual(['cached', 'cached']);
    expect((await call('runs.list', { pipelineId: doc.id })).map((r: { id: string }) => r.id)).toEqual([second.runId, runId]);
  });

  it('cancels a running run and lists runs in progress', async () => {
    const p = await call('projects.create', { name: 'Slow' });
    const doc = shellDoc(p.mainPipelineId, 'sleep 30');
    const { runId } = await call('runs.start', { projectId: p.id, doc });
    await expect.poll(() => s.events.some((e) => e.type === 'node-started' && e.nodeId === 'run'), { timeout: 10_000 }).toBe(true);
    expect((await call('runs.active', { pipelineId: doc.id })).map((d: { run: { id: string } }) => d.run.id)).toEqual([runId]);
    expect(await call('runs.cancel', { runId })).toEqual({ cancelled: true });
    await expect.poll(() => s.events.find((e) => e.type === 'run-finished'), { timeout: 10_000 }).toMatchObject({ status: 'cancelled' });
    expect(await call('runs.active', { pipelineId: doc.id })).toEqual([]);
  });

  it('refuses to start a run of an invalid pipeline, recording nothing', async () => {
    const p = await call('projects.create', { name: 'Broken' });
    await expect(call('runs.start', { projectId: p.id, doc: shellDoc(p.mainPipelineId, '') })).rejects.toThrow(/node "run".*command/);
    expect(await call('runs.list', { pipelineId: p.mainPipelineId })).toEqual([]);
  });

  it('imports a template for review, exports it unchanged, and refuses a malformed one naming the file', async () => {
    const doc = shellDoc('shared', 'echo hi');
    const imported = await call('templates.import', { fileName: 'shared.json', text: JSON.stringify(doc) });
    expect(imported.manifest.commands).toEqual(['echo hi']);
    expect((await call('pipeline.open', { id: imported.project.mainPipelineId })).review).toBeDefined();
    await call('templates.confirmReview', { pipelineId: imported.project.mainPipelineId });
    expect((await call('pipeline.open', { id: imported.project.mainPipelineId })).review).toBeUndefined();
    const exported = await call('templates.export', { pipelineId: imported.project.mainPipelineId });
    expect(JSON.parse(exported.text)).toEqual(doc);

    const before = await call('projects.list', {});
    await expect(call('templates.import', { fileName: 'bad.json', text: '{"format":' })).rejects.toThrow(/bad\.json: invalid JSON/);
    expect(await call('projects.list', {})).toEqual(before);
  });

  it('lists and opens the bundled templates, and refuses paths outside them', async () => {
    const gallery = await call('templates.gallery', {});
    expect(gallery.map((t: { file: string }) => t.file)).toContain('hello-shell.json');
    const project = await call('templates.openBundled', { file: 'hello-shell.json' });
    expect(project.name).toBe('Hello, shell');
    await expect(call('templates.openBundled', { file: '../pipeline.schema.json' })).rejects.toThrow(/no bundled template/);
  });

  it('keeps known settings and per-project budgets', async () => {
    await call('settings.set', { key: 'ui.theme', value: 'light' });
    await call('settings.set', { key: 'docker.host', value: 'tcp://box:2375' });
    s.host.store.settings.set('pipeline.history:x', { past: [], future: [] });
    expect(await call('settings.get', {})).toEqual({ 'ui.theme': 'light', 'docker.host': 'tcp://box:2375' });
    await call('settings.set', { key: 'docker.host' });
    expect(await call('settings.get', {})).toEqual({ 'ui.theme': 'light' });
    const p = await call('projects.create', { name: 'Budgeted' });
    await call('budget.set', { projectId: p.id, usd: 5 });
    expect(await call('budget.get', { projectId: p.id })).toEqual({ usd: 5 });
    await expect(call('budget.set', { projectId: 'nope', usd: 5 })).rejects.toThrow('budget.set: there is no project "nope"');
    expect(await call('budget.get', { projectId: 'nope' })).toEqual({ usd: null });
  });

  it('stores secrets encrypted and only ever answers with their names', async () => {
    await call('secrets.set', { name: 'OPENAI_KEY', value: 'sk-live-do-not-show' });
    const listed = await call('secrets.list', {});
    expect(listed).toEqual({ available: true, names: ['OPENAI_KEY'] });
    expect(JSON.stringify(listed)).not.toContain('sk-live-do-not-show');
    expect(s.host.store.secrets.get('OPENAI_KEY')).toBe('sk-live-do-not-show');
    expect(await call('secrets.delete', { name: 'OPENAI_KEY' })).toEqual({ deleted: true });
    expect((await call('secrets.list', {})).names).toEqual([]);
  });

  it('lists services from Docker, or says why it cannot', async () => {
    const list = await call('services.list', { projectId: 'nothing-here' });
    const engine = await s.host.docker.available();
    expect(list.available).toBe(engine.ok);
    expect(list.services).toEqual([]);
    if (!engine.ok) expect(list.reason).toBe(engine.reason);
    await expect(call('services.stop', { id: 'no-such-service' })).rejects.toThrow(/no service named "no-such-service"/);
  });

  it("gives a node's conversations with its model in a run, and only that node's", async () => {
    s.host.store.transcripts.append('r-team', 'team', 1, [
      { role: 'system', content: '# Backend engineer (backend)' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'write_file', arguments: '{}' }] },
    ]);
    s.host.store.transcripts.append('r-team', 'other', 1, [{ role: 'user', content: 'not this one' }]);
    const entries = await call('runs.transcript', { runId: 'r-team', nodeId: 'team' });
    expect(entries.map((e: { conversation: number; message: unknown }) => [e.conversation, e.message])).toEqual([
      [1, { role: 'system', content: '# Backend engineer (backend)' }],
      [1, { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'write_file', arguments: '{}' }] }],
    ]);
  });
});
