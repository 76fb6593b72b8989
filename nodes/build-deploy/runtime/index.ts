import { defineRuntime, NodeError, type WorkspaceValue } from '../../sdk';
import { buildDeployDefinition } from '../definition';
import { deployWithDocker } from './deploy-docker';
import { deployLocally } from './deploy-local';

export const buildDeployRuntime = defineRuntime(buildDeployDefinition, async ({ inputs, params, ctx }) => {
  const dir = (inputs.workspace as WorkspaceValue).path;
  let service;
  if (params.runtime === 'local') {
    service = await deployLocally(ctx, dir, params, 'runtime is set to local');
  } else {
    const engine = await ctx.docker.available();
    if (engine.ok) service = await deployWithDocker(ctx, dir, params);
    else if (params.runtime === 'docker') {
      throw new NodeError(`runtime is docker, but ${engine.reason}`, 'Or set runtime to auto or local to run the app as a local process.');
    } else service = await deployLocally(ctx, dir, params, engine.reason);
  }
  return { service, workspace: { path: dir } };
});
