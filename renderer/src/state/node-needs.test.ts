import { describe, expect, it } from 'vitest';
import { definitionsByKind } from '../../../nodes/definitions';
import { documentNeeds, nodeNeeds } from './node-needs';
import type { GraphEdge } from './flow-document';

const def = (kind: string) => definitionsByKind.get(kind)!;
const node = (id: string, kind: string, params: Record<string, unknown>, disabled?: boolean) => ({ id, data: { kind, params, disabled } });

describe('what a node needs before it runs', () => {
  it('a secret its params name that the store lacks, by name, and nothing once it is stored', () => {
    const params = { baseUrl: 'https://api.example/v1', model: 'm', apiKeySecret: 'OPENAI_API_KEY' };
    expect(nodeNeeds(def('llm-endpoint'), params, false, { secretNames: ['OTHER'] }).map((n) => n.text)).toEqual(['needs secret OPENAI_API_KEY']);
    expect(nodeNeeds(def('llm-endpoint'), params, false, { secretNames: ['OPENAI_API_KEY'] })).toEqual([]);
    // Before the store has answered nothing counts as missing; an empty param names no secret.
    expect(nodeNeeds(def('llm-endpoint'), params, false, {})).toEqual([]);
    expect(nodeNeeds(def('llm-endpoint'), { ...params, apiKeySecret: undefined }, false, { secretNames: [] })).toEqual([]);
  });

  it('an endpoint when its mode asks a model (the default agent mode too), none is wired in and none is configured', () => {
    const none = { secretNames: [], modelConfigured: false };
    expect(nodeNeeds(def('code-generator'), {}, false, none).map((n) => n.text)).toEqual(['no endpoint']);
    expect(nodeNeeds(def('code-generator'), { mode: 'single-shot' }, false, none).map((n) => n.text)).toEqual(['no endpoint']);
    expect(nodeNeeds(def('code-generator'), { mode: 'offline' }, false, none)).toEqual([]);
    expect(nodeNeeds(def('code-generator'), {}, true, none)).toEqual([]);
    expect(nodeNeeds(def('code-generator'), {}, false, { secretNames: [], modelConfigured: true })).toEqual([]);
    expect(nodeNeeds(def('software-team'), { mode: 'auto' }, false, none)).toEqual([]);
    expect(nodeNeeds(def('software-team'), { mode: 'model' }, false, none).map((n) => n.text)).toEqual(['no endpoint']);
  });

  it('a Docker engine its engine param names that Settings lacks, once the settings are read', () => {
    const need = nodeNeeds(def('build-deploy'), { engine: 'gpu-bx' }, false, { engineNames: ['gpu-box'] });
    expect(need).toEqual([
      {
        kind: 'engine',
        text: 'no engine gpu-bx',
        detail: 'runs on the Docker engine "gpu-bx" (its engine), which is not in Settings → Docker engines: add it there, or clear engine to use the project\'s engine',
      },
    ]);
    expect(nodeNeeds(def('vllm-server'), { engine: 'gpu-box', model: 'm' }, false, { engineNames: ['gpu-box'] })).toEqual([]);
    expect(nodeNeeds(def('build-deploy'), {}, false, { engineNames: [] })).toEqual([]);
    expect(nodeNeeds(def('build-deploy'), { engine: 'gpu-bx' }, false, {})).toEqual([]);
  });

  it('for the Problems list: every node with what it lacks, leaving out disabled nodes and counting wired endpoints', () => {
    const edges = [{ id: 'e', source: 'model', target: 'gen2', sourceHandle: 'endpoint', targetHandle: 'endpoint', data: { portType: 'endpoint' } }] as GraphEdge[];
    const found = documentNeeds(
      [
        node('model', 'llm-endpoint', { baseUrl: 'https://api.example/v1', model: 'm', apiKeySecret: 'KEY' }),
        node('gen', 'code-generator', {}),
        node('gen2', 'code-generator', {}),
        node('off', 'code-generator', {}, true),
        node('say', 'text', { text: 'hi' }),
      ],
      edges,
      { secretNames: [], modelConfigured: false },
    );
    expect(found.map((f) => `${f.nodeId}: ${f.need.text}`)).toEqual(['model: needs secret KEY', 'gen: no endpoint']);
    expect(found[0].need.detail).toMatch(/needs the secret KEY \(its apiKeySecret\), which is not set/);
  });
});
