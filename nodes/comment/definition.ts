import { z } from 'zod';
import { defineNode } from '../sdk';

/**
 * Colours by name: the canvas maps each to its theme's shade, and an imported template cannot
 * put arbitrary CSS on the canvas. The group kind offers the same names.
 */
export const COMMENT_COLOURS = ['yellow', 'blue', 'green', 'pink', 'purple', 'grey'] as const;

/** A sticky note on the canvas. Part of the document, so exported templates carry it; never runs. */
export const commentDefinition = defineNode({
  kind: 'comment',
  version: 1,
  title: 'Comment',
  category: 'Notes',
  description: 'A note on the canvas: explain a step, leave a to-do, say how to use a template. It travels with the pipeline and never runs.',
  icon: 'sticky-note',
  inputs: [],
  outputs: [],
  params: z.object({
    text: z.string().max(20_000).default('').describe('What the note says (Markdown)').meta({ editor: 'text', language: 'markdown' }),
    color: z.enum(COMMENT_COLOURS).optional().describe('Its colour on the canvas (yellow when unset)'),
    width: z.number().positive().max(20_000).optional().describe('Width on the canvas, in pixels at 100%'),
    height: z.number().positive().max(20_000).optional().describe('Height on the canvas, in pixels at 100%'),
  }),
  annotation: true,
  canvasSize: { width: 240, height: 120 },
  canvasText: 'text',
});
