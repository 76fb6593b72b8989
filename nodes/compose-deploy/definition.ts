import { z } from 'zod';
import { defineNode, flag, SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../sdk';

export const composeDeployDefinition = defineNode({
  kind: 'compose-deploy',
  version: 1,
  title: 'Compose deploy',
  category: 'Deploy',
  description:
    "Brings up the workspace's compose file (the app and its database, as the iac node writes it) with docker-compose, or the compose plugin where there is one, and waits until every service is healthy by its own healthcheck and the app answers its health path. The services stay listed in Services (logs, stop: the whole stack stops together). Running it again reuses an unchanged stack; a cancel takes it down.",
  icon: 'layers',
  inputs: [{ name: 'workspace', type: 'workspace', description: 'The folder holding the compose file and what it builds' }],
  outputs: [
    { name: 'service', type: 'service', description: "The app: its URL on this machine, container and image" },
    { name: 'services', type: 'json', description: 'Every service of the stack with its URL (the app first), container, image and health' },
  ],
  params: z.object({
    file: z.string().default('compose.yaml').describe('The compose file, relative to the workspace'),
    app: z
      .string()
      .optional()
      .describe('The service that is the app (its URL comes first); by default the one the file builds, else the first that publishes a port'),
    healthPath: z.string().default('/health').describe("Path on the app's URL that must answer 2xx before the stack counts as up"),
    healthTimeoutMs: z.number().int().positive().default(120_000).describe('How long the stack gets to become healthy, in milliseconds'),
    secret: z
      .string()
      .regex(SECRET_NAME_PATTERN, `a secret name: ${SECRET_NAME_RULE}`)
      .optional()
      .describe('A secret handed to compose as the variable named in secretVariable (the database password the file reads); never logged')
      .meta(flag({ role: 'secret' })),
    secretVariable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name: letters, digits and _, not starting with a digit')
      .default('POSTGRES_PASSWORD')
      .describe('The variable of the compose file the secret fills (${POSTGRES_PASSWORD})'),
    target: z
      .enum(['compose', 'swarm'])
      .default('compose')
      .describe('compose: brought up with docker-compose on this engine; swarm: deployed as a Docker Swarm stack (docker stack deploy) on a manager, images built here copied to the nodes whose engines are configured'),
    publishMode: z
      .enum(['ingress', 'host'])
      .default('ingress')
      .describe("Swarm only: ingress publishes through the routing mesh on every node; host publishes on each task's own node (needs no IPVS)"),
    replicas: z.number().int().min(1).max(50).optional().describe("Swarm only: the app's replicas, in place of the file's deploy.replicas"),
    keep: z.boolean().default(true).describe('Keep the stack running after the run (listed in Services); off: it is taken down when the run ends'),
  }),
  images: [
    {
      name: 'postgres',
      default: 'postgres:16-alpine',
      title: 'PostgreSQL',
      description: 'What a compose service whose image is postgres runs instead, where no registry serves the public one',
    },
  ],
  summary: (params) => (params.file === 'compose.yaml' ? undefined : params.file),
  cache: false,
  service: true,
});
