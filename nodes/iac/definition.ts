import { z } from 'zod';
import { defineNode, flag } from '../sdk';
import { DOCKERFILE_IMAGES } from '../sdk/language-images';

export const IAC_TARGETS = ['compose', 'terraform', 'kubernetes'] as const;
export type IacTarget = (typeof IAC_TARGETS)[number];

export const IAC_SERVICES = ['postgres', 'redis'] as const;
export type IacService = (typeof IAC_SERVICES)[number];

const name = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/, 'lower-case letters, digits and -, starting and ending with a letter or digit (a Kubernetes name)');

/** Bytes in one unit of a Kubernetes memory quantity. */
export const MEMORY_UNITS = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 } as const;
/** Docker refuses a memory limit under 6 MiB: a smaller one would fail at deploy time, not here. */
const MIN_MEMORY = 6 * 1024 ** 2;

/** Memory in bytes (`256Mi`, `1.5Gi`, `268435456`), or undefined when it is not such a quantity. */
export function memoryBytes(quantity: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(quantity);
  return m ? Number(m[1]) * MEMORY_UNITS[(m[2] ?? '') as keyof typeof MEMORY_UNITS] : undefined;
}

// CPU as Kubernetes writes it: cores (1, 0.5) or millicores (500m), never a memory unit.
const cpu = z
  .string()
  .regex(/^(\d+(\.\d{1,3})?|\d+m)$/, 'CPU as cores (1, 0.5) or millicores (500m)')
  .refine((q) => !/^[\d.]+m?$/.test(q) || parseFloat(q) > 0, 'more than 0 CPU')
  .describe('CPU the app may use (Kubernetes limit, compose cpus): cores (1, 0.5) or millicores (500m)');

const memory = z
  .string()
  .regex(/^\d+(\.\d+)?(Ki|Mi|Gi)?$/, 'memory in bytes or with Ki, Mi or Gi (256Mi, 1Gi); m would mean thousandths of a byte')
  .refine((q) => (memoryBytes(q) ?? MIN_MEMORY) >= MIN_MEMORY, 'at least 6Mi (Docker refuses less)')
  .describe('Memory the app may use: 256Mi, 1Gi');

/**
 * A URL path, with a query if needed: the characters RFC 3986 allows there, so the health
 * checks that quote it (shell, JavaScript, Python, compose, HCL) never meet a space or a quote
 * of their own.
 */
export const HEALTH_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

const service = z.enum(IAC_SERVICES, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a service iac can write: it writes ${IAC_SERVICES.join(' and ')}; add any other to compose.yaml yourself (a file without Pipewright's first line is kept)`,
});

export const iacDefinition = defineNode({
  kind: 'iac',
  version: 1,
  title: 'Infrastructure as code',
  category: 'Deploy',
  description:
    "Writes the app's infrastructure next to it and checks every file before succeeding: the Dockerfile (an existing one is kept), compose.yaml (the app and its PostgreSQL or Redis, health checks, named volumes, secrets as ${VAR} references, ports on 127.0.0.1), Terraform for a local Docker deployment and for Kubernetes (infra/terraform/), and Kubernetes manifests (infra/k8s/). Compose files are checked by docker-compose, Terraform is parsed, manifests are validated against the Kubernetes schemas; a failure names the file, line and field.",
  icon: 'blocks',
  inputs: [
    { name: 'workspace', type: 'workspace', description: 'The app to describe: a Node, Python, Go, Java or Rust app, or a static site' },
    {
      name: 'endpoint',
      type: 'endpoint',
      optional: true,
      description: 'A model that may refine the files written from templates; what it changes is validated the same way, and a file that fails keeps the template version',
    },
  ],
  outputs: [
    { name: 'workspace', type: 'workspace', description: 'The same folder, with the Dockerfile, compose.yaml and infra/ written' },
    { name: 'report', type: 'report', description: 'Every file written and every check run on it, with how long it took' },
  ],
  params: z.object({
    targets: z
      .array(z.enum(IAC_TARGETS))
      .min(1, 'choose at least one target')
      .default([...IAC_TARGETS])
      .describe('What to write: compose (compose.yaml), terraform (infra/terraform/), kubernetes (infra/k8s/)'),
    services: z
      .array(service)
      .optional()
      .describe("Services the app needs beside it; when empty they are found in the workspace's README, blueprint and code"),
    name: name.optional().describe("The app's name in every file (default: the project's name from its files, else app)"),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe("Port the app listens on inside its container (default: the language's)")
      .meta(flag({ role: 'port' })),
    hostPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('Port compose and Terraform publish the app on, on 127.0.0.1 (default: the same as port)')
      .meta(flag({ role: 'port' })),
    healthPath: z
      .string()
      .regex(HEALTH_PATH, 'a URL path starting with /, without spaces or quotes (/health, /api/health?ready=1)')
      .default('/health')
      .describe('Path the health checks and probes ask'),
    cpu: cpu.default('500m'),
    memory: memory.default('256Mi'),
    replicas: z.number().int().min(1).max(100).default(1).describe('Copies of the app in Kubernetes'),
    refine: z
      .string()
      .default('Adjust these files to the app where it helps (health checks, resources, names); change nothing that is already right.')
      .describe('With a model connected: what it should change in the files'),
  }),
  images: DOCKERFILE_IMAGES,
  summary: (params) => params.targets.join(' · '),
});
