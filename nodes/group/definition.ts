import { z } from 'zod';
import { defineNode } from '../sdk';

/** The same colour names as a comment's (see nodes/comment/definition.ts). */
export const GROUP_COLOURS = ['yellow', 'blue', 'green', 'pink', 'purple', 'grey'] as const;

/**
 * A titled frame drawn behind nodes; moving it moves what lies inside. Part of the document, so
 * exported templates carry it; never runs.
 */
export const groupDefinition = defineNode({
  kind: 'group',
  version: 1,
  title: 'Group',
  category: 'Notes',
  description: 'A titled frame behind a part of the pipeline: dragging it moves the nodes inside. It travels with the pipeline and never runs.',
  icon: 'square-dashed',
  inputs: [],
  outputs: [],
  params: z.object({
    title: z.string().max(200).default('Group').describe('The name shown at its top'),
    color: z.enum(GROUP_COLOURS).optional().describe('Its colour on the canvas (the accent colour when unset)'),
    width: z.number().positive().max(20_000).default(480).describe('Width on the canvas, in pixels at 100%'),
    height: z.number().positive().max(20_000).default(320).describe('Height on the canvas, in pixels at 100%'),
  }),
  annotation: true,
  frame: true,
  canvasSize: { width: 480, height: 320 },
  canvasText: 'title',
});
