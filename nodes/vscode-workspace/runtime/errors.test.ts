import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { DockerClient } from '../../../main/adapters/docker';
import { scopedSecrets } from '../../../main/scoped-secrets';
import { localServicesOf } from '../../../main/services';
import { Store } from '../../../main/store';
import { NodeError, type CapabilityScope } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { vscodeWorkspaceDefinition } from '../definition';
import { vscodeWorkspaceRuntime } from '.';
import { passwordSecretName } from './password';

/** What a person sees when something is missing: the input, param or tool named, and what to do. */
describe('vscode-workspace errors', () => {
  let dir: string;
  let store: Store;
  let tc: TestRunContext;
  const saved = { ...process.env };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipewright-vscode-errors-'));
    store = Store.open(join(dir, 'home'));
    const scope: CapabilityScope = { runId: 'r', projectId: 'test-project', nodeId: 'ide', signal: new AbortController().signal, log: () => undefined };
    tc = await createTestRunContext({
      pty: createPty(),
      nodeId: 'ide',
      capabilities: {
        secrets: scopedSecrets(store.secrets, scope),
        services: localServicesOf(store).scoped(scope),
        // Nothing listens here: the docker runtime must say so.
        docker: new DockerClient({ host: () => `unix://${join(dir, 'no-docker.sock')}`, image: () => 'unused' }).scoped(scope),
      },
    });
  });

  afterEach(async () => {
    process.env = { ...saved };
    store.close();
    await tc.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (inputs: Record<string, unknown>, params: Record<string, unknown>) =>
    vscodeWorkspaceRuntime.run({ inputs, params: vscodeWorkspaceDefinition.params.parse(params), ctx: tc.ctx });

  it('names the workspace input when it is missing or gone', async () => {
    await expect(run({}, { runtime: 'local' })).rejects.toThrow('input "workspace" is not connected');
    await expect(run({ workspace: { path: join(dir, 'gone') } }, { runtime: 'local' })).rejects.toThrow(/input "workspace": .*gone is not a folder/);
  });

  it('names the key secret the endpoint needs when it is not set', async () => {
    const endpoint = { baseUrl: 'https://api.mistral.ai/v1', model: 'codestral-latest', apiKeySecret: 'MISTRAL_KEY' };
    await expect(run({ workspace: { path: dir }, endpoint }, { runtime: 'local' })).rejects.toThrow(/needs the secret "MISTRAL_KEY".*pipewright secret set MISTRAL_KEY/);
  });

  it('names the extensions param when a .vsix is not there', async () => {
    await expect(run({ workspace: { path: dir } }, { runtime: 'local', extensions: ['tools/missing.vsix'] })).rejects.toThrow(
      /param "extensions": tools\/missing\.vsix is not a file \(relative paths start at the workspace/,
    );
  });

  it('refuses extension entries that are neither an id nor a .vsix', () => {
    const result = vscodeWorkspaceDefinition.params.safeParse({ extensions: ['just-a-name'] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('Open VSX id such as publisher.name');
  });

  it('says how to install code-server when the local runtime finds none', async () => {
    process.env.PIPEWRIGHT_TOOLS = join(dir, 'no-tools');
    process.env.PATH = '/nonexistent';
    delete process.env.PIPEWRIGHT_CODE_SERVER;
    const err = await run({ workspace: { path: dir } }, { runtime: 'local', assistant: 'none' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeError);
    expect((err as Error).message).toMatch(/runtime is local, but code-server is not installed: install it with \.ci\/tools\/install-code-server\.sh/);
    expect((err as NodeError).detail).toBe('Or set runtime to docker.');
    // Nothing was generated for a server that never started.
    expect(store.secrets.has(passwordSecretName('test-project', 'ide'))).toBe(false);
  });

  it('says when PIPEWRIGHT_CODE_SERVER points nowhere', async () => {
    process.env.PIPEWRIGHT_CODE_SERVER = join(dir, 'nope', 'entry.js');
    await expect(run({ workspace: { path: dir } }, { runtime: 'local', assistant: 'none' })).rejects.toThrow(/PIPEWRIGHT_CODE_SERVER points at .*entry\.js, which is not a file/);
  });

  /** A stand-in for code-server that fails the way a broken install does. */
  async function brokenCodeServer(): Promise<void> {
    const script = join(dir, 'code-server');
    await writeFile(script, '#!/bin/sh\necho "Error: Cannot find module \'@coder/logger\'" >&2\nexit 3\n');
    await chmod(script, 0o755);
    process.env.PIPEWRIGHT_CODE_SERVER = script;
  }

  it('shows what code-server printed when it stops before answering', async () => {
    await brokenCodeServer();
    const err = await run({ workspace: { path: dir } }, { runtime: 'local', assistant: 'none' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^code-server stopped before answering on http:\/\/127\.0\.0\.1:\d+$/);
    expect((err as NodeError).detail).toContain("its last output:\nError: Cannot find module '@coder/logger'");
  });

  it('names the port param when that port is taken', async () => {
    await brokenCodeServer();
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    try {
      await expect(run({ workspace: { path: dir } }, { runtime: 'local', assistant: 'none', port })).rejects.toThrow(
        `param "port": ${port} on 127.0.0.1 is already in use by another program; choose another port, or leave it empty for a free one`,
      );
    } finally {
      server.close();
    }
  });

  it('says Docker is not reachable for the docker runtime, and offers the local one, saying whether code-server is here for it', async () => {
    const runDocker = () => run({ workspace: { path: dir } }, { runtime: 'docker', assistant: 'none' }).catch((e: unknown) => e as NodeError);
    process.env.PIPEWRIGHT_TOOLS = join(dir, 'no-tools');
    process.env.PATH = '/nonexistent';
    delete process.env.PIPEWRIGHT_CODE_SERVER;
    const without = await runDocker();
    expect(without.message).toMatch(new RegExp(`^runtime is docker, but no Docker engine answers at unix://${join(dir, 'no-docker.sock')}`));
    expect(without.detail).toMatch(/^Start Docker, or set runtime to local: runtime local runs code-server as a process of yours, unsandboxed; it needs code-server: install it with \.ci\/tools\/install-code-server\.sh/);

    await brokenCodeServer();
    const withLocal = await runDocker();
    expect(withLocal.detail).toBe(
      `Start Docker, or set runtime to local: code-server is installed on this machine (${join(dir, 'code-server')}), so runtime local would work: it runs as a process of yours, unsandboxed.`,
    );
    // Nothing was generated for a server that never started.
    expect(store.secrets.has(passwordSecretName('test-project', 'ide'))).toBe(false);
  });
});
