import { defineRuntime } from '../../sdk';
import { ollamaServerDefinition } from '../definition';
import { startOllama } from './start';

export const ollamaServerRuntime = defineRuntime(ollamaServerDefinition, async ({ params, ctx }) => ({
  endpoint: await startOllama(ctx, params),
}));
