import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMAT, type Pipeline, type ServiceValue } from '../nodes/sdk';
import { nodeApp, writeFiles } from '../nodes/build-deploy/runtime/test-apps.test-support';
import { dockerForTests, removeProject, testImage, testProject } from '../main/adapters/docker/docker.test-support';
import type { EngineEvent } from '../main/engine/events';
import { openHost, type Host } from '../main/host';

/*
 * Workspace to a running app: the hello Node app (no Dockerfile) deployed by a build-deploy
 * node through the real host (engine, Docker adapter), timed from the start of the run to the
 * first 200 from the app's URL. `npm run bench -- deploy`
 */

const WARM_REPEATS = 5;
const GOAL_MS = 5000;

interface Sample {
  totalMs: number;
  buildMs: number;
  startMs: number;
  healthyMs: number;
  reused: boolean;
}

const pipeline: Pipeline = {
  format: FORMAT,
  id: 'bench-deploy',
  name: 'Deploy bench',
  inputs: [{ name: 'app', type: 'workspace' }],
  nodes: [
    { id: 'app', kind: 'pipeline-input', params: { name: 'app', type: 'workspace' }, position: { x: 0, y: 0 } },
    { id: 'deploy', kind: 'build-deploy', params: { runtime: 'docker' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e', from: { node: 'app', port: 'value' }, to: { node: 'deploy', port: 'workspace' } }],
};

/** The node's own account of its parts: `deployed in T s: build B s, start S s, healthy H s`. */
function parts(log: string): Omit<Sample, 'totalMs'> {
  const m = /build (\d+\.\d+) s, start (\d+\.\d+) s, healthy (\d+\.\d+) s( \(container reused\))?/.exec(log);
  if (!m) throw new Error(`the deploy node logged no timing line:\n${log}`);
  return { buildMs: Number(m[1]) * 1000, startMs: Number(m[2]) * 1000, healthyMs: Number(m[3]) * 1000, reused: Boolean(m[4]) };
}

async function deployOnce(host: Host, projectId: string, app: string): Promise<Sample> {
  let log = '';
  const began = performance.now();
  const summary = await host.engine.run(pipeline, {
    projectId,
    inputs: { app: { path: app } },
    onEvent: (e: EngineEvent) => {
      if (e.type === 'node-log' && e.nodeId === 'deploy') log += e.chunk;
    },
  }).done;
  if (summary.status !== 'succeeded') throw new Error(`deploy failed: ${summary.nodes.deploy?.error}`);
  const { url } = summary.nodes.deploy.outputs!.service as ServiceValue;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { totalMs: performance.now() - began, ...parts(log) };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function row(label: string, x: Sample): string {
  return `${label.padEnd(34)}${s(x.totalMs).padStart(8)}${s(x.buildMs).padStart(9)}${s(x.startMs).padStart(9)}${s(x.healthyMs).padStart(9)}`;
}

export async function main(): Promise<void> {
  const docker = await dockerForTests();
  if (!docker) {
    console.log('deploy: skipped (no Docker engine or base images; see the message above)');
    return;
  }
  testImage('node');
  const home = await mkdtemp(join(tmpdir(), 'pipewright-bench-deploy-'));
  const projectId = testProject('bench-deploy');
  const host = openHost({ home });
  try {
    const app = await writeFiles(join(home, 'hello'), nodeApp('Hello from Node, version 0'));
    console.log(`hello Node app (no Dockerfile) on ${testImage('node')}: run start → first 200 from its URL`);
    console.log(`${'case'.padEnd(34)}${'total'.padStart(8)}${'build'.padStart(9)}${'start'.padStart(9)}${'healthy'.padStart(9)}`);
    console.log(row('cold (Dockerfile written, built)', await deployOnce(host, projectId, app)));

    const warm: Sample[] = [];
    for (let i = 1; i <= WARM_REPEATS; i++) {
      // Changed code, warm layer cache: a new image layer and a new container each time.
      await writeFiles(app, { 'server.js': nodeApp(`Hello from Node, version ${i}`)['server.js'] });
      warm.push(await deployOnce(host, projectId, app));
    }
    const typical: Sample = {
      totalMs: median(warm.map((w) => w.totalMs)),
      buildMs: median(warm.map((w) => w.buildMs)),
      startMs: median(warm.map((w) => w.startMs)),
      healthyMs: median(warm.map((w) => w.healthyMs)),
      reused: false,
    };
    console.log(row(`warm, code changed (median of ${WARM_REPEATS})`, typical));
    const unchanged = await deployOnce(host, projectId, app);
    console.log(row(`warm, unchanged (${unchanged.reused ? 'container reused' : 'NOT reused'})`, unchanged));
    const worst = Math.max(...warm.map((w) => w.totalMs));
    console.log(
      `warm deploy: median ${s(typical.totalMs)}, worst ${s(worst)} (goal ≤ ${s(GOAL_MS)}): ${worst <= GOAL_MS ? 'met' : 'MISSED'}`,
    );
  } finally {
    host.close();
    await removeProject(docker, projectId);
    await rm(home, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
