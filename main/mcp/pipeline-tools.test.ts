import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { pipelineKeys } from '../api/keys';
import { openHost, type Host } from '../host';
import { docEdge as edge, docNode as node } from '../store/store.test-support';
import { callHistoryTool } from './history-tools';
import { pipelineTools } from './pipeline-tools';

// Pipelines as tools over a real host (SQLite in a temporary folder): what their descriptions
// and listings say reaches the assistant's model, so a secret's value never does.

const SECRET = 'tok-3be0a9d41c57-mcp';
let home: string;
let host: Host;

/** A pipeline whose author pasted a stored secret's value into its name, description and an input's description. */
const pasted: Pipeline = {
  format: FORMAT,
  id: 'pasted',
  name: `Deploy ${SECRET}`,
  description: `Deploys with the token ${SECRET}`,
  inputs: [{ name: 'target', type: 'text', description: `where to (token ${SECRET})` }],
  nodes: [node('target', 'pipeline-input', { name: 'target', type: 'text' }), node('out', 'pipeline-output', { name: 'out' }, 200)],
  edges: [edge('e1', 'target', 'value', 'out', 'value')],
};

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-mcp-tools-'));
  host = openHost({ home });
  host.store.secrets.set('DEPLOY_TOKEN', SECRET);
  host.store.pipelines.save(pasted, 'team');
});

afterAll(() => {
  host?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('pipeline tools', () => {
  it('leave out an imported pipeline until its review is confirmed, and list_pipelines says why', () => {
    const imported: Pipeline = { ...pasted, id: 'imported', name: 'Imported', description: 'From a file' };
    host.store.pipelines.save(imported, 'team');
    host.store.settings.set(pipelineKeys.review('imported'), { unsandboxed: [] });
    try {
      expect(pipelineTools(host, {}).map((t) => t.tool.name)).toEqual(['pasted']);
      const listed = callHistoryTool(host, {}, () => pipelineTools(host, {}), 'list_pipelines', {})!;
      const entry = (listed.structuredContent as { pipelines: { id: string; tool?: string; awaitingReview?: string }[] }).pipelines.find((p) => p.id === 'imported');
      expect(entry).toMatchObject({ awaitingReview: expect.stringContaining('confirms its review') });
      expect(entry?.tool).toBeUndefined();
      host.store.settings.delete(pipelineKeys.review('imported'));
      expect(pipelineTools(host, {}).map((t) => t.tool.name).sort()).toEqual(['imported', 'pasted']);
    } finally {
      host.store.pipelines.delete('imported');
    }
  });

  it('mask a stored secret pasted into a pipeline, in the tool and in list_pipelines', () => {
    const tools = pipelineTools(host, {});
    expect(tools.map((t) => t.tool.name)).toEqual(['pasted']);
    const tool = JSON.stringify(tools[0].tool);
    expect(tool).not.toContain(SECRET);
    expect(tools[0].tool.description).toContain('Deploys with the token [secret DEPLOY_TOKEN]');
    expect(tools[0].tool.title).toBe('Deploy [secret DEPLOY_TOKEN]');

    const listed = callHistoryTool(host, {}, () => tools, 'list_pipelines', {})!;
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(JSON.stringify(listed)).toContain('[secret DEPLOY_TOKEN]');
    // The pipeline itself is kept as its author wrote it.
    expect(host.store.pipelines.get('pasted')?.description).toContain(SECRET);
  });
});
