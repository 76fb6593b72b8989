import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AskProgressEvent, CallInput, CallName } from '../../preload/contract';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi, type Api } from './index';

// Ask through the contract over a real host (SQLite in a temporary folder), without a model.

let home: string;
let host: Host;
let api: Api;
let progress: AskProgressEvent[];

function open() {
  host = openHost({ home });
  progress = [];
  api = createApi({ host, emit: (name, payload) => name === 'ask.progress' && progress.push(payload as AskProgressEvent) });
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-ask-'));
  open();
});

afterEach(async () => {
  await api.close();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<any> {
  const result = await dispatchCall(api.handlers, name, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('ask', () => {
  it('proposes a plan without saving anything, saves a new project on Confirm with the review of what will run, and runs it only when asked', async () => {
    const { conversationId, reply } = await call('ask.send', { text: 'a little service where my running club logs our runs, in Node' });
    expect(reply.kind).toBe('plan');
    expect(reply.usedModel).toBe(false);
    expect(reply.added).toEqual(reply.draft.nodes.map((n: { id: string }) => n.id));
    expect(await call('projects.list', {})).toEqual([]);

    const confirmed = await call('ask.confirm', { conversationId });
    const opened = await call('pipeline.open', { id: confirmed.pipelineId });
    expect(opened.doc.nodes.map((n: { kind: string }) => n.kind)).toEqual(['text', 'code-generator', 'build-deploy']);
    expect(confirmed.manifest.images.length).toBeGreaterThan(0);
    expect(confirmed.manifest.nodes.map((n: { kind: string }) => n.kind)).toEqual(['text', 'code-generator', 'build-deploy']);
    expect((await call('projects.list', {})).map((p: { id: string }) => p.id)).toEqual([confirmed.projectId]);
    // Saved, not run: the person reads the review first.
    expect(confirmed.runId).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(progress).toEqual([]);
    expect(await call('runs.active', { pipelineId: confirmed.pipelineId })).toEqual([]);
    expect(await call('runs.list', { pipelineId: confirmed.pipelineId })).toEqual([]);

    const started = await call('ask.run', { conversationId });
    expect(started).toMatchObject({ projectId: confirmed.projectId, pipelineId: confirmed.pipelineId, runId: expect.any(String) });
    // The run started: the blueprint node reports in the chat at once.
    await expect.poll(() => progress.some((p) => p.nodeId === 'blueprint' && p.status === 'succeeded'), { timeout: 10_000 }).toBe(true);
    expect(progress[0]).toMatchObject({ conversationId, runId: started.runId });
    await call('runs.cancel', { runId: started.runId });
    // The outcome is kept with the conversation: the project's chat shows it after a reload.
    await expect
      .poll(async () => (await call('ask.history', { projectId: confirmed.projectId })).map((m: { reply?: { kind: string } }) => m.reply?.kind), { timeout: 30_000 })
      .toEqual([undefined, 'plan', 'confirmed', 'answer']);
    const history = await call('ask.history', { projectId: confirmed.projectId });
    expect(history[3].reply).toEqual({ kind: 'answer', projectId: confirmed.projectId, runId: started.runId, status: 'cancelled', links: [] });
    // What was confirmed runs once; running it again is the editor's Run.
    await expect(call('ask.run', { conversationId })).rejects.toThrow(/no confirmed plan waiting to run/);
  });

  it('runs nothing for a conversation whose plan was not confirmed, or was discarded', async () => {
    const { conversationId } = await call('ask.send', { text: 'a Python API for our recipes' });
    await expect(call('ask.run', { conversationId })).rejects.toThrow(new RegExp(`conversation "${conversationId}" has no confirmed plan`));
    await call('ask.discard', { conversationId });
    await expect(call('ask.run', { conversationId })).rejects.toThrow(/confirm a plan first/);
    expect(progress).toEqual([]);
  });

  it('re-plans the open pipeline on Change feedback, marks what changes, and keeps the old one as a revision', async () => {
    const first = await call('ask.send', { text: 'a service where our club logs runs, in Node' });
    const made = await call('ask.confirm', { conversationId: first.conversationId });

    const change = await call('ask.send', { projectId: made.projectId, pipelineId: made.pipelineId, text: 'a service where our club logs runs, in Node' });
    const again = await call('ask.send', { conversationId: change.conversationId, text: 'use Python instead, and push it to my repository' });
    expect(again.reply.kind).toBe('question');
    const plan = await call('ask.send', { conversationId: change.conversationId, text: 'no push' });
    expect(plan.reply).toMatchObject({ kind: 'plan', added: ['repo'], removed: [] });
    expect(plan.reply.changed).toEqual(expect.arrayContaining(['blueprint', 'generate', 'deploy']));
    // Nothing changed until Confirm.
    expect((await call('pipeline.open', { id: made.pipelineId })).doc.nodes).toHaveLength(3);

    const confirmed = await call('ask.confirm', { conversationId: change.conversationId });
    expect(confirmed.pipelineId).toBe(made.pipelineId);
    const now = (await call('pipeline.open', { id: made.pipelineId })).doc;
    expect(now.nodes.find((n: { id: string }) => n.id === 'generate').params.stack).toBe('python-api');
    const revisions = await call('pipeline.revisions', { id: made.pipelineId });
    const before = revisions.find((r: { message: string }) => /^Before/.test(r.message));
    const old = await call('pipeline.revision', { id: made.pipelineId, rev: before.rev });
    expect(old.nodes.find((n: { id: string }) => n.id === 'generate').params.stack).toBe('node-api');
  });

  it('changes the open pipeline from a short request in the editor, keeping its stack and resources', async () => {
    const first = await call('ask.send', { text: 'a Python API where our book club keeps books (title, author)' });
    const made = await call('ask.confirm', { conversationId: first.conversationId });
    const { reply } = await call('ask.send', { projectId: made.projectId, pipelineId: made.pipelineId, text: 'also push it to /srv/git/books.git' });
    expect(reply).toMatchObject({ kind: 'plan', added: ['repo'], removed: [] });
    const nodes = new Map<string, Record<string, unknown>>(reply.draft.nodes.map((n: { id: string; params: Record<string, unknown> }) => [n.id, n.params]));
    expect(nodes.get('generate')).toMatchObject({ stack: 'python-api' });
    expect(nodes.get('repo')).toMatchObject({ remote: '/srv/git/books.git' });
    expect(nodes.get('blueprint')!.text).toMatch(/- books \(title, author\)/);
    expect(reply.changed).not.toContain('generate');
  });

  it('keeps a project’s conversation across a restart, with its question and plan', async () => {
    const first = await call('ask.send', { text: 'a Python API for our recipes' });
    const made = await call('ask.confirm', { conversationId: first.conversationId });
    await api.close();
    host.close();
    open();
    const history = await call('ask.history', { projectId: made.projectId });
    expect(history.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(history[0].text).toBe('a Python API for our recipes');
    expect(history[1].reply.kind).toBe('plan');
    expect(history[2].reply).toEqual({ kind: 'confirmed', projectId: made.projectId, pipelineId: made.pipelineId });
  });

  it('makes up the database password on Confirm as a secret named for the project, and keeps it for later changes', async () => {
    const { conversationId, reply } = await call('ask.send', { text: "a Python API with a PostgreSQL database for my book club's books" });
    expect(reply.draft.nodes.map((n: { kind: string }) => n.kind)).toContain('compose-deploy');
    expect(host.store.secrets.names()).toEqual([]);

    const made = await call('ask.confirm', { conversationId });
    const secret = `POSTGRES_PASSWORD_${made.projectId.toUpperCase().replace(/-/g, '_')}`;
    expect(made.generatedSecret).toBe(secret);
    expect(made.manifest.secrets).toEqual([secret]);
    const password = host.store.secrets.get(secret)!;
    expect(password.length).toBeGreaterThanOrEqual(24);
    const doc = (await call('pipeline.open', { id: made.pipelineId })).doc;
    expect(doc.nodes.find((n: { kind: string }) => n.kind === 'compose-deploy').params.secret).toBe(secret);
    const port = doc.nodes.find((n: { kind: string }) => n.kind === 'iac').params.hostPort;
    expect(port).toEqual(expect.any(Number));
    expect(JSON.stringify(doc)).not.toContain(password);

    // A later change to the project keeps the password its database was made with.
    const change = await call('ask.send', { projectId: made.projectId, pipelineId: made.pipelineId, text: 'also open it in VS Code' });
    const again = await call('ask.confirm', { conversationId: change.conversationId });
    expect(again.generatedSecret).toBeUndefined();
    expect(host.store.secrets.get(secret)).toBe(password);
    const changed = (await call('pipeline.open', { id: made.pipelineId })).doc;
    expect(changed.nodes.map((n: { kind: string }) => n.kind)).toEqual(['text', 'code-generator', 'iac', 'compose-deploy', 'vscode-workspace']);
    expect(changed.nodes.find((n: { kind: string }) => n.kind === 'compose-deploy').params.secret).toBe(secret);
    expect(changed.nodes.find((n: { kind: string }) => n.kind === 'iac').params.hostPort).toBe(port);
  });

  it('discards a plan so that it cannot be confirmed, and names what is missing', async () => {
    const { conversationId } = await call('ask.send', { text: 'a static site for my bakery' });
    await call('ask.discard', { conversationId });
    await expect(call('ask.confirm', { conversationId })).rejects.toThrow(/no conversation/);
    await expect(call('ask.send', { pipelineId: 'gone', text: 'add a repository' })).rejects.toThrow(/no pipeline "gone"/);
    await expect(call('ask.send', { text: '   ' })).rejects.toThrow(/describe the app you want/);
    expect(await call('projects.list', {})).toEqual([]);
  });

  it('keeps a plan discarded in a project’s chat as discarded, once', async () => {
    const first = await call('ask.send', { text: 'a Go API where we keep recipes' });
    const made = await call('ask.confirm', { conversationId: first.conversationId });
    const change = await call('ask.send', { projectId: made.projectId, pipelineId: made.pipelineId, text: 'also open it in VS Code' });
    await call('ask.discard', { conversationId: change.conversationId });
    await call('ask.discard', { conversationId: change.conversationId });
    const kinds = (await call('ask.history', { projectId: made.projectId })).map((m: { reply?: { kind: string } }) => m.reply?.kind ?? 'words');
    expect(kinds).toEqual(['words', 'plan', 'confirmed', 'words', 'plan', 'discarded']);
  });
});
