import type { z } from 'zod';
import type { vllmServerDefinition } from '../definition';

export type VllmParams = z.infer<typeof vllmServerDefinition.params>;
