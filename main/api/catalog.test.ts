import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import type { CallInput, CallName } from '../../preload/contract';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi, type Api } from './index';

// The catalog of pipelines a `pipeline` node can run, and creating a pipeline in a project,
// over a real host (SQLite in a temporary folder) and a real templates folder.

let home: string;
let templates: string;
let host: Host;
let api: Api;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-catalog-'));
  templates = join(home, 'templates');
  mkdirSync(templates);
  host = openHost({ home });
  api = createApi({ host, emit: () => undefined, templatesDir: templates });
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

const node = (id: string, kind: string, params: Record<string, unknown>) => ({ id, kind, version: 1, params, position: { x: 0, y: 0 } });

/** A pipeline that greets the name it is given. */
const greeter = (id: string): Pipeline => ({
  format: FORMAT,
  id,
  name: 'Greeter',
  description: 'Says hello',
  nodes: [node('who', 'pipeline-input', { name: 'who', type: 'text' }), node('out', 'pipeline-output', { name: 'greeting' })],
  edges: [{ id: 'e', from: { node: 'who', port: 'value' }, to: { node: 'out', port: 'value' } }],
});

describe('pipeline.catalog', () => {
  it('lists saved pipelines of every project and templates with an interface, with their ports', async () => {
    const shop = await call('projects.create', { name: 'Shop' });
    const tools = await call('projects.create', { name: 'Tools' });
    await call('pipeline.save', { doc: greeter(tools.mainPipelineId), projectId: tools.id });
    // The Shop's main pipeline has no inputs or outputs: not a building block.
    await call('pipeline.save', { doc: { ...greeter(shop.mainPipelineId), name: 'Shop', nodes: [node('t', 'text', { text: 'x' })], edges: [] }, projectId: shop.id });
    const declared: Pipeline = {
      format: FORMAT,
      id: 'summarise',
      name: 'Summarise',
      nodes: [node('t', 'text', { text: 'x' })],
      edges: [],
      outputs: [{ name: 'summary', type: 'report', description: 'The summary' }],
    };
    writeFileSync(join(templates, 'summarise.json'), JSON.stringify(declared));
    writeFileSync(join(templates, 'plain.json'), JSON.stringify({ ...declared, id: 'plain', outputs: undefined }));
    writeFileSync(join(templates, 'broken.json'), '{ not json');

    const catalog = await call('pipeline.catalog', {});
    expect(catalog).toEqual([
      {
        ref: tools.mainPipelineId,
        source: 'saved',
        name: 'Greeter',
        description: 'Says hello',
        projectId: tools.id,
        projectName: 'Tools',
        inputs: [{ name: 'who', type: 'text' }],
        outputs: [{ name: 'greeting', type: 'any' }],
      },
      { ref: 'summarise.json', source: 'template', name: 'Summarise', inputs: [], outputs: [{ name: 'summary', type: 'report', description: 'The summary' }] },
    ]);
  });
});

describe('pipeline.create', () => {
  it('saves a new pipeline in the project without replacing one of the same id', async () => {
    const p = await call('projects.create', { name: 'Shop' });
    const first = await call('pipeline.create', { doc: greeter('greeter'), projectId: p.id });
    const second = await call('pipeline.create', { doc: { ...greeter('greeter'), name: 'Greeter too' }, projectId: p.id });
    // An id taken by a project (its main pipeline's id) is not reused either.
    const third = await call('pipeline.create', { doc: greeter(p.id), projectId: p.id });
    expect([first.id, second.id, third.id]).toEqual(['greeter', 'greeter-2', `${p.id}-2`]);
    expect(first.projectId).toBe(p.id);
    expect(second.projectId).toBe(p.id);
    expect(host.store.pipelines.get('greeter')!.name).toBe('Greeter');
    expect(host.store.pipelines.get('greeter-2')!.name).toBe('Greeter too');
    // The project still opens on its own main pipeline.
    expect((await call('projects.list', {})).find((x: { id: string }) => x.id === p.id).mainPipelineId).toBe(p.id);
  });

  it('refuses a project that does not exist, naming it, and saves nothing', async () => {
    await expect(call('pipeline.create', { doc: greeter('lost'), projectId: 'gone' })).rejects.toThrow(/no project "gone"/);
    expect(host.store.pipelines.get('lost')).toBeUndefined();
  });
});
