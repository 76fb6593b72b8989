import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi } from './index';
import { pipelineKeys } from './keys';
import { withLegacyAnnotations } from './legacy-annotations';
import { templateManifest } from './manifest';

// Comments and groups that earlier builds kept in settings move into the document once, when
// the API starts over the data folder, so exports carry them from then on.

let home: string;
let host: Host;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-notes-'));
  host = openHost({ home });
});
afterEach(() => {
  host.close();
  rmSync(home, { recursive: true, force: true });
});

const doc = (id: string): Pipeline => ({
  format: FORMAT,
  id,
  name: id,
  nodes: [{ id: 'say', kind: 'text', params: { text: 'hi' }, position: { x: 0, y: 0 } }],
  edges: [],
});

const legacy = [
  { id: 'comment', type: 'comment', text: 'why this runs', position: { x: 10.4, y: 20 }, width: 240, height: 120 },
  { id: 'group', type: 'group', text: 'Build', position: { x: -32, y: -56 }, width: 480.2, height: 320 },
];

async function call(api: ReturnType<typeof createApi>, name: string, input: unknown): Promise<any> {
  const result = await dispatchCall(api.handlers, name as never, input as never);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('comments and groups kept in settings by earlier builds', () => {
  it('move into the document when the API starts, the key is dropped, and an export carries them', async () => {
    const project = host.store.projects.create({ name: 'Old' });
    host.store.pipelines.save(doc(project.mainPipelineId), project.id);
    host.store.settings.set(pipelineKeys.annotations(project.mainPipelineId), legacy);

    const api = createApi({ host, emit: () => undefined });
    try {
      expect(host.store.settings.get(pipelineKeys.annotations(project.mainPipelineId))).toBeUndefined();
      const opened = await call(api, 'pipeline.open', { id: project.mainPipelineId });
      // Saved documents record each node's kind version.
      expect(opened.doc.nodes).toEqual([
        { ...doc('x').nodes[0], version: 1 },
        { id: 'comment', kind: 'comment', version: 1, params: { text: 'why this runs', width: 240, height: 120 }, position: { x: 10, y: 20 } },
        { id: 'group', kind: 'group', version: 1, params: { title: 'Build', width: 480, height: 320 }, position: { x: -32, y: -56 } },
      ]);
      const exported = JSON.parse((await call(api, 'templates.export', { pipelineId: project.mainPipelineId })).text);
      expect(exported.nodes.map((n: { kind: string }) => n.kind)).toEqual(['text', 'comment', 'group']);
      // Nothing to run in them, so validation is happy and a review lists only the text node.
      expect((await call(api, 'pipeline.validate', { doc: opened.doc })).issues).toEqual([]);
      expect(templateManifest(opened.doc).nodes.map((n) => n.id)).toEqual(['say']);
    } finally {
      await api.close();
    }
  });

  it('are added once, whatever happens twice, and make way for a node with the same id', () => {
    const base = doc('p');
    const taken = { ...base, nodes: [...base.nodes, { id: 'comment', kind: 'text', params: {}, position: { x: 0, y: 0 } }] };
    const once = withLegacyAnnotations(taken, legacy as never);
    expect(once.nodes.map((n) => `${n.id}:${n.kind}`)).toEqual(['say:text', 'comment:text', 'comment-2:comment', 'group:group']);
    const again = withLegacyAnnotations(withLegacyAnnotations(base, legacy as never), legacy as never);
    expect(again.nodes.map((n) => n.id)).toEqual(['say', 'comment', 'group']);
  });

  it('of a pipeline that no longer exists, or unreadable, are dropped and the document left alone', async () => {
    const project = host.store.projects.create({ name: 'Odd' });
    host.store.pipelines.save(doc(project.mainPipelineId), project.id);
    host.store.settings.set(pipelineKeys.annotations('gone'), legacy);
    host.store.settings.set(pipelineKeys.annotations(project.mainPipelineId), [{ id: 'x', type: 'sticker' }]);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      await createApi({ host, emit: () => undefined }).close();
    } finally {
      console.error = original;
    }
    expect(host.store.settings.get(pipelineKeys.annotations('gone'))).toBeUndefined();
    expect(host.store.settings.get(pipelineKeys.annotations(project.mainPipelineId))).toBeUndefined();
    expect(host.store.pipelines.get(project.mainPipelineId)!.nodes.map((n) => n.id)).toEqual(['say']);
    expect(String(errors[0])).toContain(`unreadable comments and groups of pipeline "${project.mainPipelineId}"`);
  });
});
