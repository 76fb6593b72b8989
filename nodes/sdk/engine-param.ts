import { z } from 'zod';
import { flag } from './param-flags';

/** A Docker engine's name in Settings → Docker engines. */
export const ENGINE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * The `engine` param of a kind that runs containers: which configured Docker engine to use (a
 * GPU host for a model server, a bigger box for builds); empty means the project's engine.
 */
export function engineParam(what: string) {
  return z
    .string()
    .regex(ENGINE_NAME, 'an engine name from Settings → Docker engines (letters, digits, _ . -)')
    .optional()
    .describe(`The Docker engine to ${what}, by its name in Settings → Docker engines; empty: the project's engine`)
    .meta(flag({ role: 'engine' }));
}
