import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMAT, type Pipeline, type ServiceValue } from '../nodes/sdk';
import type { Language } from '../nodes/sdk/blueprint';
import { dockerForTests, removeProject, testImage, testProject } from '../main/adapters/docker/docker.test-support';
import type { EngineEvent } from '../main/engine/events';
import { openHost, type Host } from '../main/host';

/*
 * Blueprint to a healthy container, per language, offline: a code generator (offline mode: the
 * scaffold, then its tests in the language's sandbox) and a build-deploy node through the real
 * host, timed from the start of the run to the first 200 from /health. Each run is a new
 * project (a new workspace, a new container) and a new app (the blueprint's title differs, so its
 * build is not cached); "warm" means the images are loaded and an earlier run of the language
 * went before. `npm run bench -- languages`
 */

const LANGUAGES: { language: Language; blueprint: string; images: string[] }[] = [
  { language: 'node', blueprint: 'A Node.js REST API', images: ['sandbox', 'node'] },
  { language: 'python', blueprint: 'A Python REST API', images: ['python'] },
  { language: 'go', blueprint: 'A Go REST API', images: ['go', 'static'] },
  { language: 'java', blueprint: 'A REST API in Java', images: ['java', 'javaRuntime'] },
  { language: 'rust', blueprint: 'A Rust REST API', images: ['rust', 'static'] },
];
/** A new app each time (its name differs), so nothing of it is in Docker's layer cache. */
const BLUEPRINT = (line: string, n: number) => `# Library ${n}\n${line} for a small library.\nResources: books (title, author), members (name), loans (book, member)`;
const WARM_REPEATS = 3;

const pipeline: Pipeline = {
  format: FORMAT,
  id: 'bench-languages',
  name: 'Languages bench',
  inputs: [{ name: 'blueprint', type: 'text' }],
  nodes: [
    { id: 'blueprint', kind: 'pipeline-input', params: { name: 'blueprint', type: 'text' }, position: { x: 0, y: 0 } },
    { id: 'generate', kind: 'code-generator', params: { mode: 'offline' }, position: { x: 300, y: 0 } },
    { id: 'deploy', kind: 'build-deploy', params: { runtime: 'docker', healthPath: '/health' }, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'blueprint', port: 'value' }, to: { node: 'generate', port: 'blueprint' } },
    { id: 'e2', from: { node: 'generate', port: 'workspace' }, to: { node: 'deploy', port: 'workspace' } },
  ],
};

interface Sample {
  totalMs: number;
  generateMs: number;
  deployMs: number;
  tests: string;
}

async function once(host: Host, projectId: string, blueprint: string): Promise<Sample> {
  const started: Record<string, number> = {};
  const took: Record<string, number> = {};
  const began = performance.now();
  const summary = await host.engine.run(pipeline, {
    projectId,
    inputs: { blueprint },
    onEvent: (e: EngineEvent) => {
      if (e.type === 'node-started') started[e.nodeId] = performance.now();
      if (e.type === 'node-finished') took[e.nodeId] = performance.now() - started[e.nodeId];
    },
  }).done;
  if (summary.status !== 'succeeded') {
    throw new Error(`the run failed: ${summary.nodes.generate?.error ?? ''} ${summary.nodes.deploy?.error ?? ''}`);
  }
  const { url } = summary.nodes.deploy.outputs!.service as ServiceValue;
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  await res.text();
  if (res.status !== 200) throw new Error(`${url}/health answered ${res.status}`);
  const report = summary.nodes.generate.outputs!.report as { tests?: { passed: number; failed: number } };
  const tests = report.tests ? `${report.tests.passed}/${report.tests.passed + report.tests.failed}` : '?';
  return { totalMs: performance.now() - began, generateMs: took.generate ?? 0, deployMs: took.deploy ?? 0, tests };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(i === 1 ? 8 : 16))).join('');

export async function main(): Promise<void> {
  const docker = await dockerForTests(LANGUAGES.flatMap((l) => l.images));
  if (!docker) {
    console.log('languages: skipped (no Docker engine or language images; see the message above)');
    return;
  }
  const home = await mkdtemp(join(tmpdir(), 'pipewright-bench-languages-'));
  const host = openHost({ home });
  const projects: string[] = [];
  try {
    console.log('blueprint → scaffold → its tests in the sandbox → built → first 200 from /health (offline)');
    console.log(row(['language', 'tests', 'first run', `warm (median ${WARM_REPEATS})`, 'generate+test', 'build+deploy']));
    for (const { language, blueprint, images } of LANGUAGES) {
      let n = 0;
      const run = () => {
        const projectId = testProject(`bench-${language}`);
        projects.push(projectId);
        return once(host, projectId, BLUEPRINT(blueprint, ++n));
      };
      const first = await run();
      const warm: Sample[] = [];
      for (let i = 0; i < WARM_REPEATS; i++) warm.push(await run());
      console.log(
        row([
          language,
          first.tests,
          s(first.totalMs),
          s(median(warm.map((w) => w.totalMs))),
          s(median(warm.map((w) => w.generateMs))),
          s(median(warm.map((w) => w.deployMs))),
        ]) + `   (${images.map((i) => testImage(i)).join(', ')})`,
      );
    }
  } finally {
    host.close();
    for (const p of projects) await removeProject(docker, p);
    await rm(home, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
