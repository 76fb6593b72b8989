import { defineRuntime, NodeError, type WorkspaceValue } from '../../sdk';
import { buildDeployDefinition } from '../definition';
import { deployWithDocker } from './deploy-docker';
import { deployLocally } from './deploy-local';
import { deployToSwarm } from './deploy-swarm';

export const buildDeployRuntime = defineRuntime(buildDeployDefinition, async ({ inputs, params, ctx }) => {
  const dir = (inputs.workspace as WorkspaceValue).path;
  let service;
  if (params.runtime === 'local' && params.target !== 'swarm') {
    service = await deployLocally(ctx, dir, params, 'runtime is set to local');
  } else {
    const docker = params.engine ? ctx.docker.onEngine(params.engine) : ctx.docker;
    const engine = await docker.available();
    if (engine.ok) service = params.target === 'swarm' ? await deployToSwarm(ctx, docker, dir, params) : await deployWithDocker(ctx, dir, params, docker);
    else if (params.target === 'swarm') {
      throw new NodeError(`target is swarm, but ${engine.reason}`, 'A swarm deploy needs the engine of a swarm manager; set the engine param or the project\'s engine in Settings.');
    } else if (params.runtime === 'docker' || params.engine) {
      const why = params.engine ? `engine is ${params.engine}` : 'runtime is docker';
      throw new NodeError(`${why}, but ${engine.reason}`, 'Or set runtime to auto or local (and leave engine empty) to run the app as a local process.');
    } else service = await deployLocally(ctx, dir, params, engine.reason);
  }
  return { service, workspace: { path: dir } };
});
