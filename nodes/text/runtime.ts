import { defineRuntime } from '../sdk';
import { textDefinition } from './definition';

export const textRuntime = defineRuntime(textDefinition, async ({ params }) => ({ text: params.text }));
