import type { z } from 'zod';
import type { vscodeWorkspaceDefinition } from '../definition';

export type WorkspaceParams = z.infer<typeof vscodeWorkspaceDefinition.params>;
