import { defineRuntime } from '../../sdk';
import { vscodeWorkspaceDefinition } from '../definition';
import { prepare } from './prepare';
import { runDocker } from './run-docker';
import { runLocal } from './run-local';

export const vscodeWorkspaceRuntime = defineRuntime(vscodeWorkspaceDefinition, async ({ inputs, params, ctx }) => {
  const prepared = await prepare(ctx, inputs, params);
  const service = params.runtime === 'local' ? await runLocal(ctx, prepared, params) : await runDocker(ctx, prepared, params);
  return { service };
});
