import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerForTests, removeProject } from '../main/adapters/docker/docker.test-support';
import { Assistant, followRun } from '../main/ask/assistant';
import type { EngineEvent } from '../main/engine/events';
import { openHost } from '../main/host';
import { startRun } from '../main/run-pipeline';
import type { AskLink } from '../preload/contract';

/*
 * Describe → running app, offline (no model): a request in plain words planned, saved, its
 * code generated and tested in the sandbox, built and started, until the app's link answers
 * 200. Prints where the wall time goes. Goal: ≤ 30 s for a Node or Python API, warm images.
 * `npm run bench -- ask`
 */

const GOAL_MS = 30_000;
const REQUESTS = [
  'a little service where my running club logs our runs, in Node',
  'a Python API where our book club keeps books (title, author)',
];

interface Parts {
  plan: number;
  save: number;
  generate: number;
  test: number;
  build: number;
  start: number;
  answer: number;
  total: number;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function once(request: string, home: string): Promise<{ parts: Parts; projectId: string }> {
  const host = openHost({ home });
  try {
    const assistant = new Assistant(host);
    const t0 = performance.now();
    const { conversationId } = await assistant.send({ text: request, name: `Bench ${Date.now()}` });
    const t1 = performance.now();
    const saved = await assistant.confirm(conversationId);
    const t2 = performance.now();
    let links: AskLink[] = [];
    let verifyAt: number | undefined;
    let generateStart: number | undefined;
    let generateEnd: number | undefined;
    let deployLog = '';
    const follow = followRun(saved.doc, conversationId, { progress: () => undefined, answer: (a) => (links = a.links) });
    const { handle } = startRun(host, {
      doc: saved.doc,
      projectId: saved.projectId,
      onEvent: (e: EngineEvent) => {
        follow(e);
        const now = performance.now();
        if (e.type === 'node-started' && e.nodeId === 'generate') generateStart = now;
        if (e.type === 'node-finished' && e.nodeId === 'generate') generateEnd = now;
        if (e.type === 'node-log' && e.nodeId === 'generate' && /\[verify, round/.test(e.chunk)) verifyAt ??= now;
        if (e.type === 'node-log' && e.nodeId === 'deploy') deployLog += e.chunk;
      },
    });
    const summary = await handle.done;
    if (summary.status !== 'succeeded') throw new Error(`"${request}": the run ${summary.status}: ${Object.values(summary.nodes).map((n) => n.error).filter(Boolean).join('; ')}`);
    const app = links.find((l) => l.label === 'The app');
    if (!app) throw new Error(`"${request}": no link to the app among ${JSON.stringify(links)}`);
    const res = await fetch(app.url, { signal: AbortSignal.timeout(5000) });
    await res.text();
    if (res.status !== 200) throw new Error(`${app.url} answered ${res.status}`);
    const t3 = performance.now();
    // The deploy node's own account: `build B s, start S s, healthy H s`.
    const m = /build (\d+\.\d+) s, start (\d+\.\d+) s, healthy (\d+\.\d+) s/.exec(deployLog);
    const verify = verifyAt ?? generateEnd ?? t2;
    return {
      projectId: saved.projectId,
      parts: {
        plan: t1 - t0,
        save: t2 - t1,
        generate: verify - (generateStart ?? t2),
        test: (generateEnd ?? verify) - verify,
        build: m ? Number(m[1]) * 1000 : NaN,
        start: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN,
        answer: t3 - t2,
        total: t3 - t0,
      },
    };
  } finally {
    host.close();
  }
}

export async function main(): Promise<void> {
  const docker = await dockerForTests();
  if (!docker) {
    console.log('ask: skipped (no Docker engine or base images; see the message above)');
    return;
  }
  console.log(`${'request'.padEnd(64)}${'plan'.padStart(8)}${'save'.padStart(8)}${'generate'.padStart(10)}${'test'.padStart(8)}${'build'.padStart(8)}${'start'.padStart(8)}${'total'.padStart(9)}`);
  for (const request of REQUESTS) {
    const home = await mkdtemp(join(tmpdir(), 'pipewright-bench-ask-'));
    let projectId: string | undefined;
    try {
      const run = await once(request, home);
      projectId = run.projectId;
      const p = run.parts;
      console.log(
        `${request.slice(0, 62).padEnd(64)}${s(p.plan).padStart(8)}${s(p.save).padStart(8)}${s(p.generate).padStart(10)}${s(p.test).padStart(8)}${s(p.build).padStart(8)}${s(p.start).padStart(8)}${s(p.total).padStart(9)}  ${p.total <= GOAL_MS ? 'within' : 'OVER'} the ${s(GOAL_MS)} goal`,
      );
    } finally {
      if (projectId) await removeProject(docker, projectId);
      await rm(home, { recursive: true, force: true });
    }
  }
}
