import type { z } from 'zod';
import type { buildDeployDefinition } from '../definition';

export type DeployParams = z.infer<typeof buildDeployDefinition.params>;
