import { describe, expect, it } from 'vitest';
import { FORMAT, type NodeInstance, type Pipeline } from '../../nodes/sdk';
import { templateManifest } from './manifest';

// One template with a param of every flag role, as someone might send it; the review must
// list each, read from the definitions' flags.

const node = (id: string, kind: string, params: Record<string, unknown>, x: number): NodeInstance => ({ id, kind, params, position: { x, y: 0 } });

const TEMPLATE: Pipeline = {
  format: FORMAT,
  id: 'everything',
  name: 'Everything a template can do',
  nodes: [
    node('gen', 'code-generator', { mode: 'agent', verifyCommand: 'npm ci && npm test' }, 0),
    node('llm', 'vllm-server', { model: 'mistralai/Codestral-22B-v0.1', hfTokenSecret: 'HF_TOKEN', port: 8011, hostIpc: true }, 300),
    node('api', 'llm-endpoint', { baseUrl: 'https://models.example/v1', model: 'm', apiKeySecret: 'EXAMPLE_KEY' }, 600),
    node('app', 'build-deploy', { runtime: 'local', baseImage: 'someone/base:1', env: { DATABASE_URL: 'postgres://u:p@db/x' } }, 900),
    node('ide', 'vscode-workspace', { runtime: 'local', extensions: ['someone.helper@1.2.3'] }, 1200),
  ],
  edges: [],
};

const manifest = templateManifest(TEMPLATE);
const details = (id: string) => manifest.nodes.find((n) => n.id === id)!.details;

describe('the review of a template with every flag role', () => {
  it('command: the code generator’s verify command', () => {
    expect(manifest.commands).toEqual(['npm ci && npm test']);
    expect(details('gen')).toContainEqual({ label: 'verifyCommand', value: 'npm ci && npm test' });
  });

  it('model-download: the model the vLLM server downloads', () => {
    expect(manifest.modelDownloads).toEqual(['mistralai/Codestral-22B-v0.1']);
    expect(details('llm')).toContainEqual({ label: 'model (downloaded)', value: 'mistralai/Codestral-22B-v0.1' });
  });

  it('image: the one a node names, and the pinned ones of kinds that name none', () => {
    expect(manifest.images).toContain('someone/base:1');
    expect(manifest.images).toContain('vllm/vllm-openai:v0.11.0');
  });

  it('url: the endpoint a node calls', () => {
    expect(manifest.endpoints).toEqual(['https://models.example/v1']);
  });

  it('secret: names, never values', () => {
    expect(manifest.secrets).toEqual(['HF_TOKEN', 'EXAMPLE_KEY']);
    expect(details('api')).toContainEqual({ label: 'apiKeySecret', value: 'secret EXAMPLE_KEY' });
  });

  it('port: the port a server opens, and a free one where the template names none', () => {
    expect(manifest.ports).toContain('vLLM model server (llm): 127.0.0.1:8011');
    expect(manifest.ports).toContain('VS Code workspace (ide): a free port on 127.0.0.1');
  });

  it('environment: variable names without their values', () => {
    expect(details('app')).toContainEqual({ label: 'environment', value: 'DATABASE_URL' });
    expect(JSON.stringify(manifest)).not.toContain('postgres://u:p@db/x');
  });

  it('download: the editor extensions a workspace installs', () => {
    expect(details('ide')).toContainEqual({ label: 'extensions (downloaded)', value: 'someone.helper@1.2.3' });
  });

  it('unsandboxed: local runtimes, the agent without Docker, and a server sharing the host’s IPC', () => {
    expect(manifest.unsandboxed).toEqual([
      "Code generator (gen): the agent's commands run on this machine, unsandboxed, when no Docker engine answers",
      'Code generator (gen): runs on this machine, unsandboxed, when no Docker engine answers',
      "vLLM model server (llm): vLLM shares this machine's IPC namespace (its shared memory is open to the host)",
      'Build & Deploy (app): the app runs as a process on this machine, unsandboxed',
      'VS Code workspace (ide): code-server runs as a process on this machine, unsandboxed, with the workspace open',
    ]);
  });
});
