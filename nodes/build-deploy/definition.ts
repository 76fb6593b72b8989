import { z } from 'zod';
import { defineNode, engineParam, flag } from '../sdk';
import { DOCKERFILE_IMAGES } from '../sdk/language-images';

export const buildDeployDefinition = defineNode({
  kind: 'build-deploy',
  version: 1,
  title: 'Build & Deploy',
  category: 'Deploy',
  description:
    'Builds the workspace into a Docker image and runs it as a sandboxed service on this machine (or on another engine from Settings, or as a Docker Swarm service with replicas), then waits until it answers. Without a Dockerfile it recognises a Node, Python, Go, Java (Maven) or Rust app or a static site and writes one (kept in the workspace): a build stage, then a small non-root stage with a health check. Without Docker it runs the app as a local process instead. Running it again reuses the running app when nothing changed.',
  icon: 'rocket',
  inputs: [{ name: 'workspace', type: 'workspace', description: 'The project to build: its Dockerfile, or a Node, Python, Go, Java or Rust app, or a static site' }],
  outputs: [
    { name: 'service', type: 'service', description: "The running app: its URL (http://127.0.0.1:PORT, or the engine's host), name, container (or swarm service) and image" },
    { name: 'workspace', type: 'workspace', description: 'The same folder, with the Dockerfile and .dockerignore written when there were none' },
  ],
  params: z.object({
    runtime: z
      .enum(['auto', 'docker', 'local'])
      .default('auto')
      .describe('docker: build and run a sandboxed container. local: run the start command as a process on this machine, unsandboxed. auto: Docker when an engine answers, local otherwise')
      .meta(
        flag({
          unsandboxed: {
            local: 'the app runs as a process on this machine, unsandboxed',
            auto: 'the app runs as a process on this machine, unsandboxed, when no Docker engine answers',
          },
        }),
      ),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe("Port to serve the app on (127.0.0.1 here, the engine's host on a remote engine, the published port on a swarm); a free one when empty")
      .meta(flag({ role: 'port' })),
    healthPath: z.string().default('/').describe('Path that must answer 2xx before the app counts as up'),
    healthTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('How long the app gets to answer on the health path, in milliseconds'),
    baseImage: z
      .string()
      .optional()
      .describe('Image to build on when a Dockerfile is written (default: the Node, Python or static image from settings)')
      .meta(flag({ role: 'image' })),
    env: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are letters, digits and _, not starting with a digit'),
        z.string(),
      )
      .optional()
      .describe('Environment variables for the app (PORT is set for it). Their values are never written to the log.')
      .meta(flag({ role: 'environment' })),
    keep: z
      .boolean()
      .default(true)
      .describe('Keep the app running after the run (listed in Services); off: it is stopped when the run ends'),
    engine: engineParam('build and run on'),
    target: z
      .enum(['container', 'swarm'])
      .default('container')
      .describe('container: one container on the engine. swarm: a Docker Swarm service with replicas (the engine must be a swarm manager)'),
    replicas: z.number().int().min(1).max(100).default(2).describe('Swarm target: how many copies of the app run, spread over the nodes'),
    publishMode: z
      .enum(['ingress', 'host'])
      .default('ingress')
      .describe("Swarm target: ingress publishes the port on every node through Swarm's routing mesh; host publishes it on each node running a copy (needed where the kernel has no IPVS)"),
  }),
  images: DOCKERFILE_IMAGES,
  summary: (params) =>
    params.target === 'swarm'
      ? `swarm × ${params.replicas}${params.engine ? ` on ${params.engine}` : ''}`
      : params.baseImage || params.engine || (params.runtime === 'auto' ? undefined : params.runtime),
  // The app must be checked (and restarted if gone) on every run; the container is what is reused.
  cache: false,
  service: true,
});
