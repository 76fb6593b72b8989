import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { openSqlite } from '../adapters/db/sqlite';
import { runCli } from '../cli/run-cli.test-support';
import { openHost } from '../host';
import { useApiHost } from './api-host.test-support';
import { createApi } from './index';

// A real host (SQLite in a temporary folder) with stored secrets whose values a person pasted
// into params: an exported file must not carry them.

const KEY = 'sk-live-pasted-4Yt8"q\\z';
const TOKEN = 'ghp_pastedToken0123456789';

const t = useApiHost('pw-export-secrets-');

beforeEach(() => {
  t.host.store.secrets.set('PROVIDER_KEY', KEY);
  t.host.store.secrets.set('GH_TOKEN', TOKEN);
});

function pasted(id: string): Pipeline {
  return {
    format: FORMAT,
    id,
    name: 'Pasted',
    nodes: [
      { id: 'sh', kind: 'shell', version: 1, params: { command: `curl -H "Authorization: Bearer ${TOKEN}" https://api.github.com`, env: { API_KEY: KEY } }, position: { x: 0, y: 0 } },
      { id: 'ep', kind: 'llm-endpoint', version: 1, params: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeySecret: 'PROVIDER_KEY' }, position: { x: 300, y: 0 } },
    ],
    edges: [],
  };
}

describe('exporting a pipeline whose params hold a secret value', () => {
  it('writes [secret NAME] in place of each value and names the secrets it took out; names stay as they were', async () => {
    const project = await t.call('projects.create', { name: 'Pasted' });
    const id: string = project.mainPipelineId;
    await t.call('pipeline.save', { projectId: project.id, doc: pasted(id) });

    const exported = await t.call('templates.export', { pipelineId: id });
    expect(exported.text).not.toContain(TOKEN);
    expect(exported.text).not.toContain(JSON.stringify(KEY).slice(1, -1));
    expect(exported.text).not.toContain('sk-live-pasted');
    const doc = JSON.parse(exported.text) as Pipeline;
    expect(doc.nodes[0].params).toEqual({ command: 'curl -H "Authorization: Bearer [secret GH_TOKEN]" https://api.github.com', env: { API_KEY: '[secret PROVIDER_KEY]' } });
    // A secret's name is how a document should refer to it: left alone.
    expect(doc.nodes[1].params.apiKeySecret).toBe('PROVIDER_KEY');
    expect(exported.removedSecrets).toEqual(['GH_TOKEN', 'PROVIDER_KEY']);
    // The saved pipeline keeps what the person wrote.
    expect((await t.call('pipeline.open', { id })).doc.nodes[0].params.env).toEqual({ API_KEY: KEY });

    const clean = await t.call('projects.create', { name: 'Clean' });
    expect((await t.call('templates.export', { pipelineId: clean.mainPipelineId })).removedSecrets).toEqual([]);
  });

  it('takes them out of a document exported as stored too, and the command line warns', async () => {
    const project = await t.call('projects.create', { name: 'Pasted' });
    const id: string = project.mainPipelineId;
    // Too deep for this build to open: exported as stored.
    const stored = `{"format":"pipewright/2","id":"${id}","name":"Mine","edges":[],"nodes":[{"id":"n1","kind":"shell","position":{"x":0,"y":0},"params":{"command":"echo ${TOKEN}","x":${'['.repeat(1000)}${']'.repeat(1000)}}}]}`;
    const db = openSqlite(t.host.store.file);
    db.prepare('UPDATE pipelines SET doc = ? WHERE id = ?').run(stored, id);
    db.close();
    const exported = await t.call('templates.export', { pipelineId: id });
    expect(exported.text).toBe(`${stored.replace(TOKEN, '[secret GH_TOKEN]')}\n`);
    expect(exported.removedSecrets).toEqual(['GH_TOKEN']);

    await t.api.close();
    t.host.close();
    const file = join(t.home, 'raw.json');
    const raw = await runCli(['export', id, file], t.home);
    expect(raw.code).toBe(0);
    expect(raw.stderr).toMatch(/exported as it is stored/);
    expect(raw.stderr).toContain('warning: the value of secret GH_TOKEN was in the pipeline\'s params; the file holds "[secret NAME]" in its place');
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);

    t.host = openHost({ home: t.home });
    t.api = createApi({ host: t.host, emit: () => {} });
    const other = await t.call('projects.create', { name: 'Other' });
    await t.call('pipeline.save', { projectId: other.id, doc: pasted(other.mainPipelineId) });
    await t.api.close();
    t.host.close();
    const out = join(t.home, 'out.json');
    const result = await runCli(['export', other.mainPipelineId, out], t.home);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: the values of secrets GH_TOKEN, PROVIDER_KEY were in the pipeline\'s params');
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('sk-live-pasted');
    t.host = openHost({ home: t.home });
    t.api = createApi({ host: t.host, emit: () => {} });
  });
});
