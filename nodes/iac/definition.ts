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

const quantity = (what: string, example: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi)?$/, `a Kubernetes quantity such as ${example}`)
    .describe(what);

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
      .array(z.enum(IAC_SERVICES))
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
    healthPath: z.string().regex(/^\//, 'a path starting with /').default('/health').describe('Path the health checks and probes ask'),
    cpu: quantity('CPU the app may use (Kubernetes limit, compose cpus)', '500m').default('500m'),
    memory: quantity('Memory the app may use', '256Mi').default('256Mi'),
    replicas: z.number().int().min(1).max(100).default(1).describe('Copies of the app in Kubernetes'),
    refine: z
      .string()
      .default('Adjust these files to the app where it helps (health checks, resources, names); change nothing that is already right.')
      .describe('With a model connected: what it should change in the files'),
  }),
  images: DOCKERFILE_IMAGES,
  summary: (params) => params.targets.join(' · '),
});
