import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerForTests } from '../adapters/docker/docker.test-support';
import { callTool, callTools, startStandInModel } from '../adapters/llm/stand-in-model.test-support';
import { toolsForTests, writeStandInVsix } from '../../nodes/vscode-workspace/runtime/vscode.test-support';
import type { EndpointValue, ServiceValue, WorkspaceValue } from '../../nodes/sdk';
import { get, template, templateHost, why } from './template-runs.test-support';

// The gallery's model templates, run against stand-ins for what CI cannot have: a scripted
// OpenAI-compatible server for a provider's model (stand-in-model.test-support.ts), and small
// servers speaking Ollama's and LiteLLM's APIs in place of their images
// (.ci/images/build-model-stand-ins.sh). Everything else in each template runs for real.
const docker = await dockerForTests(['ollama', 'litellm']);
const tools = toolsForTests({ chromium: false });

const SERVER_JS = `const http = require('node:http');
function answer(url) {
  const u = new URL(url, 'http://localhost');
  if (u.pathname === '/') return { status: 200, body: { service: 'greetings' } };
  if (u.pathname === '/hello') return { status: 200, body: { greeting: \`Hello, \${u.searchParams.get('name') || 'you'}!\` } };
  return { status: 404, body: { error: 'not found' } };
}
module.exports = { answer };
if (require.main === module) {
  http.createServer((req, res) => {
    const { status, body } = answer(req.url);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }).listen(Number(process.env.PORT) || 3000);
}
`;
const TEST_JS = `const assert = require('node:assert/strict');
const { it } = require('node:test');
const { answer } = require('./server.js');
it('greets by name', () => assert.deepEqual(answer('/hello?name=Ada').body, { greeting: 'Hello, Ada!' }));
`;
const PACKAGE_JSON = JSON.stringify({ name: 'greetings', version: '1.0.0', scripts: { start: 'node server.js', test: 'node --test' } }, null, 2);

describe.skipIf(!docker)('the model templates of the gallery, against stand-in models', async () => {
  const t = await templateHost(docker, 'gallery-models');
  const volumes: string[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    await t.close();
    for (const v of volumes) await docker!.docker.getVolume(v).remove().catch(() => undefined);
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });
  const volume = () => {
    const name = `pw-test-gallery-models-${randomUUID().slice(0, 8)}`;
    volumes.push(name);
    return name;
  };

  it('blueprint-to-deploy-llm: the model writes the app through the agent tools, its tests pass, it is committed and answers', { timeout: 180_000 }, async () => {
    const key = `sk-${randomUUID()}`;
    const model = await startStandInModel({ models: ['codestral-latest'], apiKey: key });
    try {
      model.script(
        callTools(
          { name: 'write_file', arguments: { path: 'package.json', content: PACKAGE_JSON } },
          { name: 'write_file', arguments: { path: 'server.js', content: SERVER_JS } },
          { name: 'write_file', arguments: { path: 'server.test.js', content: TEST_JS } },
        ),
        callTool('finish', { summary: 'a greetings service with a test' }),
      );
      t.host.store.secrets.set('MISTRAL_API_KEY', key);
      // The one change: the endpoint is the stand-in, not Mistral's.
      const doc = template('blueprint-to-deploy-llm.json', (_doc, node) => void (node('model').params.baseUrl = model.url));
      const run = await t.run(doc, t.project(doc));
      expect(run.summary.status, why(run.summary)).toBe('succeeded');
      expect(JSON.stringify(model.chats[0].body.messages)).toContain('# Greetings service');
      expect(model.chats[0].body.model).toBe('codestral-latest');
      expect(run.summary.nodes.generate.outputs!.report).toMatchObject({ mode: 'agent', files: ['package.json', 'server.js', 'server.test.js'] });
      expect(run.summary.nodes.test.outputs!.exitCode).toBe(0);
      const app = (run.summary.nodes.deploy.outputs!.service as ServiceValue).url;
      expect(JSON.parse((await get(app, '/hello?name=Ada')).body)).toEqual({ greeting: 'Hello, Ada!' });
      expect(JSON.stringify(t.host.store.runs.logs(run.summary.runId))).not.toContain(key);
    } finally {
      await model.close();
    }
  });

  it('ollama-code-generator: the model is pulled and served on the CPU, and writes the project in one answer', { timeout: 120_000 }, async () => {
    // The one change: a volume of the test's own for the downloaded model, removed afterwards.
    const doc = template('ollama-code-generator.json', (_doc, node) => void (node('ollama').params.modelVolume = volume()));
    const run = await t.run(doc, t.project(doc));
    expect(run.summary.status, why(run.summary)).toBe('succeeded');
    expect(run.said('ollama')).toContain('qwen2.5-coder:1.5b');
    expect(run.summary.nodes.ollama.outputs!.endpoint).toMatchObject({ model: 'qwen2.5-coder:1.5b', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/) });
    const folder = (run.summary.nodes.generate.outputs!.workspace as WorkspaceValue).path;
    expect(readFileSync(join(folder, 'SERVED_BY.md'), 'utf8')).toContain('Model: qwen2.5-coder:1.5b\nBlueprint: # Unit converter');
  });

  describe.skipIf(!tools)('vllm-codestral-vscode', () => {
    it('as bundled, stops at vLLM with a clear message where there is no NVIDIA GPU, and starts nothing after it', { timeout: 120_000 }, async () => {
      t.host.store.secrets.set('HF_TOKEN', `hf_${randomUUID()}`);
      t.host.store.secrets.set('LITELLM_MASTER_KEY', `sk-${randomUUID()}`);
      const doc = template('vllm-codestral-vscode.json', (_doc, node) => void (node('vllm').params.cacheVolume = volume()));
      const run = await t.run(doc, t.project(doc));
      expect(run.summary.status).toBe('failed');
      expect(run.summary.nodes.vllm.status).toBe('failed');
      expect(run.summary.nodes.vllm.error).toMatch(/needs NVIDIA GPUs for vLLM.*nothing was pulled or started/s);
      expect(run.summary.nodes.folder.status).toBe('succeeded');
      expect([run.summary.nodes.router.status, run.summary.nodes.ide.status]).toEqual(['skipped', 'skipped']);
    });

    // CI has no GPU, so vLLM is the one part that cannot run: an Ollama stand-in serves in its
    // place, under the same node id. Kilo Code comes from a stand-in .vsix (Open VSX is out of
    // reach) and VS Code runs as a local process (the code-server CI installs).
    it('with an Ollama stand-in in vLLM\'s place (no GPU in CI): the router, and VS Code with Kilo Code pointed at it and the blueprint as its first task', { timeout: 240_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pw-gallery-vsix-'));
      folders.push(dir);
      const vsix = join(dir, 'kilo-code-stand-in-0.0.1.vsix');
      await writeStandInVsix(vsix, 'kilo-code-stand-in');
      const masterKey = `sk-${randomUUID()}`;
      t.host.store.secrets.set('LITELLM_MASTER_KEY', masterKey);
      const doc = template('vllm-codestral-vscode.json', (d, node) => {
        const vllm = node('vllm');
        vllm.kind = 'ollama-server';
        vllm.params = { model: 'codestral:22b', modelVolume: volume() };
        Object.assign(node('ide').params, { runtime: 'local', extensions: [vsix] });
        d.id = 'vllm-codestral-vscode-stand-in';
      });
      const run = await t.run(doc, t.project(doc));
      expect(run.summary.status, why(run.summary)).toBe('succeeded');
      const routed = run.summary.nodes.router.outputs!.endpoint as EndpointValue;
      expect(routed).toMatchObject({ model: 'codestral', apiKeySecret: 'LITELLM_MASTER_KEY' });
      const ide = run.summary.nodes.ide.outputs!.service as ServiceValue;
      expect((await get(ide.url, '/healthz')).status).toBe(200);
      const folder = (run.summary.nodes.folder.outputs!.workspace as WorkspaceValue).path;
      expect(readFileSync(join(folder, 'BLUEPRINT.md'), 'utf8')).toContain('# Recipe box');
      expect(JSON.parse(readFileSync(join(folder, '.kilocode', 'launchConfig.json'), 'utf8')).prompt).toContain('Recipe box');
      expect(JSON.stringify(t.host.store.runs.logs(run.summary.runId))).not.toContain(masterKey);
    });
  });
});
