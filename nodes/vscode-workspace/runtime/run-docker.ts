import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeError, type RunContext, type ServiceValue } from '../../sdk';
import { assistantFiles } from './assistant-files';
import { codeServerContainer, CONTAINER, INSTALL_FAILED } from './docker-spec';
import { findCodeServer, INSTALL_HINT } from './local-install';
import { filePassword, storedPassword, whereToFind, type Password } from './password';
import { configHash, sharedConfig, type Prepared } from './prepare';
import type { WorkspaceParams } from './params';
import { writeGeneratedFiles } from './write-files';

/**
 * The folder beside the workspace that holds what the container keeps: `home/` (bound as
 * code-server's home: settings, extensions, the assistant's configuration) and, without a
 * secret store, the password file, which stays outside the container.
 */
const STATE_FOLDER = 'code-server-docker';

/** Why the docker runtime cannot run, and what would: the local runtime, when code-server is here. */
function noDocker(reason: string): NodeError {
  let local: string;
  try {
    const install = findCodeServer();
    local = install
      ? `code-server is installed on this machine (${install.where}), so runtime local would work: it runs as a process of yours, unsandboxed.`
      : `runtime local runs code-server as a process of yours, unsandboxed; it needs code-server: ${INSTALL_HINT}.`;
  } catch (err) {
    local = `runtime local runs code-server as a process of yours, unsandboxed, but ${(err as Error).message}`;
  }
  return new NodeError(`runtime is docker, but ${reason}`, `Start Docker, or set runtime to local: ${local}`);
}

/** The password: the secret store's, else the file beside the container (made once, kept while the folder is). */
async function passwordFor(ctx: RunContext, state: string): Promise<Password> {
  return (await storedPassword(ctx)) ?? (await filePassword(state, false)) ?? (await filePassword(state, true))!;
}

/**
 * code-server in a sandboxed container (codeServerContainer says which), the workspace bound
 * in. The Docker adapter reuses the running container while nothing that shapes it changed.
 */
export async function runDocker(ctx: RunContext, prepared: Prepared, params: WorkspaceParams): Promise<ServiceValue> {
  const engine = await ctx.docker.available();
  if (!engine.ok) throw noDocker(engine.reason);
  // One VS Code per node: a code-server this node ran as a local process before goes.
  const local = await ctx.services.current();
  await ctx.services.stopPrevious();
  if (local?.running) ctx.log(`stopped the VS Code this node ran as a local process (${local.url ?? `pid ${local.pid}`})\n`, 'info');

  const state = await ctx.workspace(STATE_FOLDER, { keep: true });
  const home = join(state, 'home');
  await mkdir(join(home, '.config', 'code-server'), { recursive: true, mode: 0o700 });
  const password = await passwordFor(ctx, state);

  // A model on this machine's 127.0.0.1 means the container itself in there: the assistant is given the address that reaches it.
  let endpoint = prepared.endpoint;
  if (endpoint) {
    const inside = await ctx.docker.urlFromServices(endpoint.baseUrl);
    if (inside.note) ctx.log(`${inside.note}\n`, 'info');
    if (inside.url !== endpoint.baseUrl) ctx.log(`the assistant reaches ${endpoint.baseUrl} as ${inside.url} from inside the container\n`, 'info');
    endpoint = { ...endpoint, baseUrl: inside.url };
  }
  if (params.assistant !== 'none') {
    // Its command line names this machine's Node and data folder, which a container does not have.
    ctx.log("the assistant in the container gets no Pipewright tools (MCP): set runtime to local for that\n", 'info');
  }
  await writeGeneratedFiles(assistantFiles({ ...params, ...prepared, endpoint, homeInServer: CONTAINER.home }), {
    home,
    data: join(home, '.local', 'share', 'code-server'),
    workspace: prepared.workspace,
  });
  // Our own config file: without one code-server writes a default holding a plain password.
  await writeFile(join(home, '.config', 'code-server', 'config.yaml'), 'auth: password\n');

  const image = params.image?.trim() || ctx.docker.defaultImage('codeServer');
  const spec = codeServerContainer({
    name: ctx.nodeId,
    image,
    hostPort: params.port,
    keep: params.keep,
    startTimeoutMs: params.startTimeoutMs,
    password,
    workspace: prepared.workspace,
    home,
    extensions: prepared.extensions,
    configHash: configHash({ ...sharedConfig(prepared, params), runtime: 'docker', endpointInside: endpoint?.baseUrl }),
  });
  if (prepared.extensions.length) {
    ctx.log(`extensions to install in the container: ${prepared.extensions.map((e) => e.spec).join(', ')} (Open VSX for ids, the file for .vsix paths)\n`, 'info');
  }
  try {
    const service = await ctx.docker.runService({ ...spec, signal: ctx.signal });
    ctx.log(
      `${service.reused ? 'reusing VS Code (same configuration, answering)' : 'VS Code is up'}: ${service.url}\nsign in with the password in ${whereToFind(password)}\n`,
      'info',
    );
    return { url: service.url, name: service.containerName, containerId: service.containerId, image };
  } catch (err) {
    const failed = err instanceof NodeError ? new RegExp(`${INSTALL_FAILED} (.+)`).exec(err.detail ?? '') : null;
    if (failed) {
      throw new NodeError(
        `installing the extension ${failed[1]} failed inside the container: check the id on open-vsx.org and that Docker's containers reach it; where they cannot, list .vsix files in param "extensions" (one named for the assistant, such as continue-1.2.3.vsix, replaces its download)`,
        (err as NodeError).detail,
      );
    }
    throw err;
  }
}
