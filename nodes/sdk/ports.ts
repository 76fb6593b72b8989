import { z } from 'zod';

/** Every type a port can carry. `any` accepts all of them. */
export const PORT_TYPES = [
  'any',
  'text',
  'json',
  'workspace',
  'repo',
  'endpoint',
  'service',
  'image',
  'report',
] as const;

export type PortType = (typeof PORT_TYPES)[number];
export const PortTypeSchema = z.enum(PORT_TYPES);

/** What the values on each port look like; the engine checks outputs against these. */
export const WorkspaceValue = z.object({ path: z.string().min(1) });
export const RepoValue = z.object({
  path: z.string(),
  branch: z.string(),
  commit: z.string(),
  remote: z.string().optional(),
});
export const EndpointValue = z.object({
  baseUrl: z.string(),
  model: z.string(),
  apiKeySecret: z.string().optional(),
});
export const ServiceValue = z.object({
  url: z.string(),
  name: z.string(),
  containerId: z.string().optional(),
  image: z.string().optional(),
});
export const ImageValue = z.object({ ref: z.string() });
export const ReportValue = z.record(z.string(), z.unknown());

export type WorkspaceValue = z.infer<typeof WorkspaceValue>;
export type RepoValue = z.infer<typeof RepoValue>;
export type EndpointValue = z.infer<typeof EndpointValue>;
export type ServiceValue = z.infer<typeof ServiceValue>;

export const PORT_VALUE_SCHEMAS: Record<PortType, z.ZodType> = {
  any: z.unknown(),
  text: z.string(),
  json: z.unknown(),
  workspace: WorkspaceValue,
  repo: RepoValue,
  endpoint: EndpointValue,
  service: ServiceValue,
  image: ImageValue,
  report: ReportValue,
};

/**
 * Conversions a connection may make implicitly. A repo is a workspace with history, so it may
 * feed a workspace input; anything may feed text or json only when it already is text or json.
 */
const WIDENS: Partial<Record<PortType, readonly PortType[]>> = {
  repo: ['workspace'],
  text: ['json'],
};

/** Whether an output of type `from` may be wired to an input of type `to`. */
export function isCompatible(from: PortType, to: PortType): boolean {
  if (from === to || from === 'any' || to === 'any') return true;
  return WIDENS[from]?.includes(to) ?? false;
}

/** Colours the canvas uses for each port type (kept here so every view agrees). */
export const PORT_COLOURS: Record<PortType, string> = {
  any: '#9ca3af',
  text: '#60a5fa',
  json: '#f59e0b',
  workspace: '#34d399',
  repo: '#f97316',
  endpoint: '#a78bfa',
  service: '#f472b6',
  image: '#22d3ee',
  report: '#facc15',
};
