import { defineRuntime } from '../../sdk';
import { litellmRouterDefinition } from '../definition';
import { startRouter } from './start';

export const litellmRouterRuntime = defineRuntime(litellmRouterDefinition, async ({ inputs, params, ctx }) => ({
  endpoint: await startRouter(ctx, params, inputs),
}));
