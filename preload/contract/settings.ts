import { z } from 'zod';
import { baseImages } from '../../nodes/definitions';
import { LLM_COMPLEXITIES, LLM_TASKS, type BaseImage } from '../../nodes/sdk';

// Settings, secrets and services. Settings are plain JSON values by key in SQLite; secrets are
// only ever named here (values go in, never out); services come from Docker once it is wired.

export const EndpointSettingSchema = z.object({
  baseUrl: z.string().url('an endpoint needs a URL such as http://localhost:11434/v1'),
  model: z.string().max(200),
  /** The name of the secret holding the API key; never the key itself. */
  apiKeySecret: z.string().max(100).optional(),
});

/**
 * Which endpoints answer which task and complexity, in fallback order (main/settings-keys.ts
 * LLM_ROUTER; main/adapters/llm/router.ts resolves it). `*` matches any.
 */
export const RouterSettingSchema = z.object({
  routes: z.array(
    z.object({
      task: z.enum([...LLM_TASKS, '*']),
      complexity: z.enum([...LLM_COMPLEXITIES, '*']),
      use: z.array(z.object({ endpoint: z.string().min(1).max(100), model: z.string().min(1).max(200).optional() })).min(1, 'a route names at least one endpoint'),
    }),
  ),
});

/** What a Test button found: how long the answer took and what it said, or why there was none. */
export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  summary: z.string().optional(),
  reason: z.string().optional(),
  latencyMs: z.number().optional(),
});

const Image = z.string().trim().min(1).max(300);

const PemPath = z.string().trim().min(1, 'give the path of a PEM file').max(1000);

/** A Docker engine on another machine (main/settings-keys.ts DOCKER_ENGINES). */
export const DockerEngineSettingSchema = z.object({
  host: z
    .string()
    .trim()
    .regex(/^(unix|npipe|tcp|ssh):\/\/\S+$/, 'an engine is reached at unix:///path/docker.sock, tcp://host:2376 or ssh://user@host'),
  /** PEM files for tcp:// with TLS: the CA that signed the engine's certificate, the client's certificate and key. */
  tls: z.object({ ca: PemPath, cert: PemPath, key: PemPath }).optional(),
  /** The host name its published ports are reached by, when it differs from the one in `host`. */
  publicHost: z
    .string()
    .trim()
    .max(255)
    // Apps' URLs are http://<publicHost>:<port>: a scheme, port or path here would break every one.
    .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?)$/, 'the public host is a host name or address alone (apps.example.org, 203.0.113.7), without http://, a port or a path')
    .refine((h) => h.startsWith('[') || (h.match(/:/g) ?? []).length !== 1, 'the public host is a host name or address alone, without a port: each app has its own')
    .optional(),
});

const EngineName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'engine names are letters, digits, _ . - (like gpu-box)')
  .refine((n) => n !== 'default', '"default" names the engine of docker.host; choose another name');

/** Named engines; each name is checked here, so a refusal says what is wrong with it (a record key's own check would not). */
export const DockerEnginesSchema = z.record(z.string(), DockerEngineSettingSchema).superRefine((engines, ctx) => {
  for (const name of Object.keys(engines)) {
    const checked = EngineName.safeParse(name);
    if (!checked.success) ctx.addIssue({ code: 'custom', path: [name], message: `engine "${name}": ${checked.error.issues[0].message}` });
  }
});

const FIXED_SETTINGS = {
  'ui.theme': z.enum(['system', 'dark', 'light']),
  /** Named OpenAI-compatible endpoints, by name. */
  'llm.endpoints': z.record(z.string().min(1).max(100), EndpointSettingSchema),
  /** The router table: task × complexity → endpoints. */
  'llm.router': RouterSettingSchema,
  'docker.host': z.string().max(500),
  /** Named Docker engines besides the default one. */
  'docker.engines': DockerEnginesSchema,
  /** The engine each project runs on, by project id; absent: the default one. */
  'docker.projectEngines': z.record(z.string().min(1).max(200), EngineName),
} as const;

/** One setting per image the given kinds declare (`images.<name>`), each an image reference. */
export function imageSettingSchemas(images: readonly BaseImage[]): Record<`images.${string}`, typeof Image> {
  return Object.fromEntries(images.map((image) => [image.key, Image]));
}

/**
 * Every global setting the UI may read or write, with its schema; other keys are refused. The
 * names are the ones main/settings-keys.ts spells for the Docker and LLM layers, which read them;
 * the image keys come from the images the node kinds declare.
 */
export const SETTING_SCHEMAS: typeof FIXED_SETTINGS & Record<`images.${string}`, typeof Image> = {
  ...FIXED_SETTINGS,
  ...imageSettingSchemas(baseImages),
};

/** A project's LLM spending limit in US dollars lives under this key (main/settings-keys.ts llmBudgetKey). */
export const budgetKey = (projectId: string) => `llm.budget.${projectId}`;
/** The largest LLM budget in US dollars, from the editor and the command line alike. */
export const MAX_BUDGET_USD = 1_000_000;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];
export type SettingValues = { [K in SettingKey]?: z.infer<(typeof SETTING_SCHEMAS)[K]> };

export const SettingValuesSchema = z.object(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_SCHEMAS[k].optional()])) as {
    [K in SettingKey]: z.ZodOptional<(typeof SETTING_SCHEMAS)[K]>;
  },
);

/** A setting change: the value must match the schema of its key; `null`/absent removes it. */
export const SettingChangeSchema = z
  .object({ key: z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]), value: z.unknown().optional() })
  .superRefine((change, ctx) => {
    if (change.value === undefined) return;
    const parsed = SETTING_SCHEMAS[change.key].safeParse(change.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: `${change.key}: ${issue.message}` });
      }
    }
  });

export const SecretNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'secret names are letters, digits, _ . - (like OPENAI_API_KEY)');

export const SecretListSchema = z.object({
  /** False while this build has no secret storage; the UI says so instead of offering a form. */
  available: z.boolean(),
  names: z.array(z.string()),
  /** Why secrets cannot be stored, when they cannot. */
  reason: z.string().optional(),
});

export const ServiceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  nodeId: z.string().optional(),
  projectId: z.string().optional(),
  image: z.string().optional(),
  url: z.string().optional(),
  status: z.string(),
  startedAt: z.number().optional(),
  /** The Docker engine it runs on (`default` or a name from docker.engines); absent for local processes. */
  engine: z.string().optional(),
});

export const ServiceListSchema = z.object({
  available: z.boolean(),
  services: z.array(ServiceInfoSchema),
  reason: z.string().optional(),
  /** The Docker engines that did not answer, each with why: their services are missing from the list. */
  down: z.array(z.object({ engine: z.string(), reason: z.string() })).optional(),
});

export type EndpointSetting = z.infer<typeof EndpointSettingSchema>;
export type RouterSetting = z.infer<typeof RouterSettingSchema>;
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
export type DockerEngineSetting = z.infer<typeof DockerEngineSettingSchema>;
export type SecretList = z.infer<typeof SecretListSchema>;
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;
export type ServiceList = z.infer<typeof ServiceListSchema>;
