import { z } from 'zod';
import bundled from '../../../resources/models.json';

/** Model names are short words: they appear in commands, routes and the `builtin` endpoint's model. */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const CatalogEntry = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string(),
  /** What it is made for: `cpu` (small, quick anywhere) or `gpu` (larger, wants a GPU). */
  for: z.enum(['cpu', 'gpu']),
  description: z.string(),
  /** The size the hub lists; the download's own length is what counts. */
  bytes: z.number().int().positive(),
  licence: z.string(),
  licenceUrl: z.string().url().optional(),
  url: z.string().url(),
  /** Hex; null while not known for certain: the first download records what it got. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const Catalog = z.object({ models: z.array(CatalogEntry) });

/** The recommended models bundled with Pipewright (resources/models.json). */
export function bundledCatalog(): CatalogEntry[] {
  return Catalog.parse(bundled).models;
}
