import { z } from 'zod';
import { defineNode, firstLine } from '../sdk';

export const textDefinition = defineNode({
  kind: 'text',
  version: 1,
  title: 'Text',
  category: 'Basics',
  description:
    'Text you write yourself: a prompt, a specification, a list of requirements, a file to feed a command. Connect it to any text input.',
  icon: 'file-text',
  inputs: [],
  outputs: [{ name: 'text', type: 'text', description: 'The text, exactly as written' }],
  params: z.object({
    text: z
      .string()
      .default('')
      .describe('The text this node outputs; as many lines as you like')
      .meta({ editor: 'text' }),
  }),
  summary: (params) => firstLine(params.text),
});
