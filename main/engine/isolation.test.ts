import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, defineRuntime, type AnyDefinition, type NodeRuntime, type Pipeline } from '../../nodes/sdk';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

// A cached result whose outputs name a folder or a service belongs to one node of one project:
// reusing it anywhere else must never let that place be changed from there.

/** Edits the workspace it is given in place, as git-repo and build-deploy do. */
const append = defineNode({
  kind: 'append',
  version: 1,
  title: 'Append',
  category: 'Test',
  description: 'Appends `text` to `file` in the workspace it is given and hands that workspace on.',
  icon: '+',
  inputs: [{ name: 'ws', type: 'workspace' }],
  outputs: [{ name: 'ws', type: 'workspace' }],
  params: z.object({ file: z.string().default('app.txt'), text: z.string() }),
});

const serve = defineNode({
  kind: 'serve',
  version: 1,
  title: 'Serve',
  category: 'Test',
  description: 'Names a service of its own project.',
  icon: '⇄',
  inputs: [],
  outputs: [{ name: 'svc', type: 'service' }],
  params: z.object({}),
});

const kinds: [AnyDefinition, NodeRuntime][] = [
  [
    append,
    defineRuntime(append, async ({ inputs, params }) => {
      const ws = inputs.ws as { path: string };
      appendFileSync(join(ws.path, params.file), params.text);
      return { ws };
    }),
  ],
  [serve, defineRuntime(serve, async ({ ctx }) => ({ svc: { url: `http://127.0.0.1/${ctx.projectId}`, name: `svc-${ctx.projectId}` } }))],
];

let t: TestEngine;
afterEach(() => t?.dispose());

function read(summary: Awaited<ReturnType<TestEngine['run']>>['summary'], nodeId: string, port = 'ws', file = 'app.txt'): string {
  const ws = summary.nodes[nodeId].outputs?.[port] as { path: string };
  return readFileSync(join(ws.path, file), 'utf8');
}

const make = (id = 'make') => node(id, 'write', { files: { 'app.txt': 'v1' } });

describe('cached results that name a place', () => {
  it('another project with the same first node works on a copy: its edits never reach the first project', async () => {
    t = testEngine({ kinds });
    const a = await t.run(pipeline('a', [make(), node('look', 'read')], [edge('make.ws', 'look.ws')]), { projectId: 'a' });
    t.recorder.calls.length = 0;
    const b = await t.run(pipeline('b', [make(), node('edit', 'append', { text: ' edited by b' })], [edge('make.ws', 'edit.ws')]), {
      projectId: 'b',
    });
    // Reused, not run again: the folder was copied.
    expect(t.recorder.calls).toEqual(['edit']);
    expect(b.summary.nodes.make.status).toBe('cached');
    expect(read(b.summary, 'edit')).toBe('v1 edited by b');
    expect(read(a.summary, 'make')).toBe('v1');
    expect(b.events.some((e) => e.type === 'node-log' && e.nodeId === 'make' && e.chunk.includes('copied into this node\'s own folder'))).toBe(true);

    // Each project now has its own result: neither reuses the other's folder again.
    writeFileSync(join((a.summary.nodes.make.outputs!.ws as { path: string }).path, 'only-in-a.txt'), 'a');
    t.recorder.calls.length = 0;
    const again = await t.run(pipeline('a', [make(), node('look', 'read')], [edge('make.ws', 'look.ws')]), { projectId: 'a' });
    const bAgain = await t.run(pipeline('b', [make()]), { projectId: 'b' });
    expect(t.recorder.calls).toEqual([]);
    expect(read(again.summary, 'make', 'ws', 'only-in-a.txt')).toBe('a');
    expect(read(bAgain.summary, 'make')).toBe('v1 edited by b');
    expect(() => read(bAgain.summary, 'make', 'ws', 'only-in-a.txt')).toThrow(/ENOENT/);
  });

  it('runs the node again when the first project has since edited its folder, and still leaves that folder alone', async () => {
    t = testEngine({ kinds });
    const a = await t.run(pipeline('a', [make(), node('edit', 'append', { text: ' edited by a' })], [edge('make.ws', 'edit.ws')]), {
      projectId: 'a',
    });
    t.recorder.calls.length = 0;
    const doc: Pipeline = pipeline(
      'b',
      [make(), node('edit', 'append', { text: ' edited by a' }), node('more', 'append', { text: ', then by b' })],
      [edge('make.ws', 'edit.ws'), edge('edit.ws', 'more.ws')],
    );
    const b = await t.run(doc, { projectId: 'b' });
    // a's "make" folder no longer holds what its fingerprint says: b makes its own. b's "edit"
    // matches a's exactly, so its folder (a's "make" folder, edited in place) is copied.
    expect(t.recorder.calls.sort()).toEqual(['make', 'more']);
    expect(b.summary.nodes.edit.status).toBe('cached');
    expect(read(b.summary, 'more')).toBe('v1 edited by a, then by b');
    expect(read(a.summary, 'edit')).toBe('v1 edited by a');
    expect(read(a.summary, 'make')).toBe('v1 edited by a');
  });

  it('two identical nodes of one pipeline work in distinct folders', async () => {
    t = testEngine({ kinds });
    const first = pipeline('p', [make('one'), node('two', 'write', { files: { 'app.txt': 'other' } })]);
    await t.run(first);
    const both = pipeline('p', [make('one'), make('two'), node('edit', 'append', { text: ' edited' })], [edge('two.ws', 'edit.ws')]);
    const { summary } = await t.run(both);
    expect(summary.nodes.two.status).toBe('cached');
    expect(read(summary, 'edit')).toBe('v1 edited');
    expect(read(summary, 'one')).toBe('v1');
  });

  it('never shares a service: another project runs the node for its own', async () => {
    t = testEngine({ kinds });
    await t.run(pipeline('a', [node('svc', 'serve')]), { projectId: 'a' });
    const b = await t.run(pipeline('b', [node('svc', 'serve')]), { projectId: 'b' });
    expect(b.summary.nodes.svc).toMatchObject({ status: 'succeeded', outputs: { svc: { name: 'svc-b' } } });
    t.recorder.calls.length = 0;
    const a = await t.run(pipeline('a', [node('svc', 'serve')]), { projectId: 'a' });
    expect(a.summary.nodes.svc).toMatchObject({ status: 'cached', outputs: { svc: { name: 'svc-a' } } });
    expect(t.recorder.calls).toEqual([]);
  });

  it('shares plain values between projects without copying anything', async () => {
    t = testEngine({ kinds });
    await t.run(pipeline('a', [node('say', 'echo', { text: 'hi' })]), { projectId: 'a' });
    t.recorder.calls.length = 0;
    const b = await t.run(pipeline('b', [node('say', 'echo', { text: 'hi' })]), { projectId: 'b' });
    expect(b.summary.nodes.say).toMatchObject({ status: 'cached', outputs: { text: 'hi' } });
    expect(t.recorder.calls).toEqual([]);
  });
});
