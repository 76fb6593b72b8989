import type { z } from 'zod';
import type { litellmRouterDefinition } from '../definition';

export type RouterParams = z.infer<typeof litellmRouterDefinition.params>;
