import type { z } from 'zod';
import type { ollamaServerDefinition } from '../definition';

export type OllamaParams = z.infer<typeof ollamaServerDefinition.params>;
