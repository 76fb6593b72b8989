import { defineRuntime } from '../../sdk';
import { vllmServerDefinition } from '../definition';
import { startVllm } from './start';

export const vllmServerRuntime = defineRuntime(vllmServerDefinition, async ({ params, ctx }) => ({
  endpoint: await startVllm(ctx, params),
}));
