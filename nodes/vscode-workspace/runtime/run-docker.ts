import { NodeError, type RunContext, type ServiceValue } from '../../sdk';
import type { WorkspaceParams } from './params';
import type { Prepared } from './prepare';

/**
 * code-server in a container (codeServerContainer in docker-spec.ts says which). VS Code must
 * edit the workspace itself, so the container needs the workspace bound in; the Docker
 * adapter's service containers take no mounts yet, and a copy baked into an image would lose
 * every edit. Until they do, this says so before anything is pulled or started.
 */
export async function runDocker(ctx: RunContext, _prepared: Prepared, _params: WorkspaceParams): Promise<ServiceValue> {
  const engine = await ctx.docker.available();
  if (!engine.ok) {
    throw new NodeError(`runtime is docker, but ${engine.reason}`, 'Or set runtime to local to run code-server as a process on this machine.');
  }
  throw new NodeError(
    'runtime is docker, but this version of Pipewright cannot bind a workspace into a service container yet, and VS Code needs the folder itself to edit it',
    'Set runtime to local to run code-server as a process on this machine (.ci/tools/install-code-server.sh installs it).',
  );
}
