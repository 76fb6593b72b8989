import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMAT, type Pipeline, type ServiceValue } from '../nodes/sdk';
import { COMPOSE_PROJECT_LABEL, composeProject, removeComposeProject } from '../main/adapters/docker/compose';
import { dockerForTests, removeProject, testImage, testProject } from '../main/adapters/docker/docker.test-support';
import type { EngineEvent } from '../main/engine/events';
import { openHost, type Host } from '../main/host';

/*
 * A Python API with PostgreSQL to a healthy stack: the iac node writes compose.yaml, compose-deploy
 * brings it up with docker-compose on the local images, timed from the start of the run to a 200
 * from the app's /health reporting the database. Cold: the app's image built, a fresh database
 * initialised. Warm: the same run again, the stack reused. `npm run bench -- compose`
 */

const WARM_REPEATS = 3;

/** The app: /health answers 200 once PostgreSQL answers its SSLRequest (standard library only). */
const APP_PY = `import json, os, socket
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(os.environ['DATABASE_URL'])
        try:
            with socket.create_connection((url.hostname, url.port or 5432), timeout=2) as s:
                s.sendall((8).to_bytes(4, 'big') + (80877103).to_bytes(4, 'big'))
                ok = s.recv(1) in (b'N', b'S')
        except OSError:
            ok = False
        self.send_response(200 if ok else 503)
        self.end_headers()
        self.wfile.write(json.dumps({'database': 'reachable' if ok else 'unreachable'}).encode())

HTTPServer(('0.0.0.0', int(os.environ.get('PORT', '8000'))), Handler).serve_forever()
`;

const pipeline: Pipeline = {
  format: FORMAT,
  id: 'bench-compose',
  name: 'Compose bench',
  inputs: [{ name: 'app', type: 'workspace' }],
  nodes: [
    { id: 'app', kind: 'pipeline-input', params: { name: 'app', type: 'workspace' }, position: { x: 0, y: 0 } },
    { id: 'iac', kind: 'iac', params: { targets: ['compose'], services: ['postgres'], name: 'bench-shop', hostPort: 18431 }, position: { x: 300, y: 0 } },
    { id: 'stack', kind: 'compose-deploy', params: { secret: 'BENCH_DB_PASSWORD' }, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'app', port: 'value' }, to: { node: 'iac', port: 'workspace' } },
    { id: 'e2', from: { node: 'iac', port: 'workspace' }, to: { node: 'stack', port: 'workspace' } },
  ],
};

interface Sample {
  totalMs: number;
  upMs: number;
  healthyMs: number;
  reused: boolean;
}

/** compose-deploy's own account: `…; up U s, healthy H s[ (stack reused)]`. */
function parts(log: string): Omit<Sample, 'totalMs'> {
  const m = /up (\d+\.\d+) s, healthy (\d+\.\d+) s( \(stack reused\))?/.exec(log);
  if (!m) throw new Error(`compose-deploy logged no timing line:\n${log}`);
  return { upMs: Number(m[1]) * 1000, healthyMs: Number(m[2]) * 1000, reused: Boolean(m[3]) };
}

async function runOnce(host: Host, projectId: string, app: string): Promise<Sample> {
  let log = '';
  const began = performance.now();
  const summary = await host.engine.run(pipeline, {
    projectId,
    inputs: { app: { path: app } },
    onEvent: (e: EngineEvent) => {
      if (e.type === 'node-log' && e.nodeId === 'stack') log += e.chunk;
    },
  }).done;
  if (summary.status !== 'succeeded') throw new Error(`the run failed: ${summary.nodes.iac?.error ?? ''} ${summary.nodes.stack?.error ?? ''}`);
  const { url } = summary.nodes.stack.outputs!.service as ServiceValue;
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url}/health answered ${res.status} ${body}`);
  return { totalMs: performance.now() - began, ...parts(log) };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (label: string, x: Sample) => `${label.padEnd(36)}${s(x.totalMs).padStart(8)}${s(x.upMs).padStart(9)}${s(x.healthyMs).padStart(9)}`;

export async function main(): Promise<void> {
  const docker = await dockerForTests(['postgres']);
  if (!docker) {
    console.log('compose: skipped (no Docker engine or base images; see the message above)');
    return;
  }
  testImage('python');
  const home = await mkdtemp(join(tmpdir(), 'pipewright-bench-compose-'));
  const projectId = testProject('bench-compose');
  const host = openHost({ home });
  const stack = composeProject({ projectId, nodeId: 'stack' });
  try {
    host.store.secrets.set('BENCH_DB_PASSWORD', 'bench-only-password');
    const app = join(home, 'shop');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'README.md'), '# Shop API\n\nOrders, stored in PostgreSQL.\n');
    await writeFile(join(app, 'requirements.txt'), '# the standard library only\n');
    await writeFile(join(app, 'app.py'), APP_PY);
    console.log(`Python API + PostgreSQL (${testImage('python')}, ${testImage('postgres')}): run start → 200 from /health`);
    console.log(`${'case'.padEnd(36)}${'total'.padStart(8)}${'up'.padStart(9)}${'healthy'.padStart(9)}`);
    console.log(row('cold (image built, database created)', await runOnce(host, projectId, app)));
    const warm: Sample[] = [];
    for (let i = 0; i < WARM_REPEATS; i++) warm.push(await runOnce(host, projectId, app));
    const reused = warm.every((w) => w.reused);
    console.log(
      row(`warm, unchanged (median of ${WARM_REPEATS}, ${reused ? 'reused' : 'NOT reused'})`, {
        totalMs: median(warm.map((w) => w.totalMs)),
        upMs: median(warm.map((w) => w.upMs)),
        healthyMs: median(warm.map((w) => w.healthyMs)),
        reused,
      }),
    );
  } finally {
    host.close();
    await docker.withEngine((d) => removeComposeProject(d, stack));
    await docker.docker.getImage('bench-shop:latest').remove({ force: true }).catch(() => undefined);
    const { Volumes = [] } = await docker.docker.listVolumes({ filters: { label: [`${COMPOSE_PROJECT_LABEL}=${stack}`] } });
    for (const v of Volumes) await docker.docker.getVolume(v.Name).remove().catch(() => undefined);
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
