import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../main/adapters/pty/pty';
import { LABEL } from '../../main/adapters/docker';
import { COMPOSE_PROJECT_LABEL, composeProject } from '../../main/adapters/docker/compose';
import { dockerForTests, removeProject, testImage, testProject } from '../../main/adapters/docker/docker.test-support';
import { scopedSecrets } from '../../main/scoped-secrets';
import { Store } from '../../main/store';
import { NodeError, type CapabilityScope, type ServiceValue } from '../sdk';
import { createTestRunContext, type TestRunContext } from '../test-context.test-support';
import { composeDeployDefinition } from './definition';
import { composeDeployRuntime } from './runtime';
import { iacDefinition } from '../iac/definition';
import { iacRuntime } from '../iac/runtime';

const docker = await dockerForTests(['postgres']);
const project = testProject('compose-test');
const PASSWORD = 'pg-secret-7c1e';

let t: TestRunContext | undefined;
let store: Store | undefined;
afterEach(async () => {
  store?.close();
  store = undefined;
  await t?.dispose();
  t = undefined;
});

/** A context on the real Docker adapter and a real secret store holding the database password. */
async function context(nodeId: string, runId = 'run-1'): Promise<TestRunContext> {
  t ??= await createTestRunContext({ pty: createPty(), nodeId });
  const tc = t;
  store ??= Store.open(join(tc.root, 'pipewright-home'));
  store.secrets.set('DB_PASSWORD', PASSWORD);
  const scope: CapabilityScope = { projectId: project, nodeId, runId, signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
  const caps = { docker: docker!.scoped(scope), secrets: scopedSecrets(store.secrets, { nodeId }) };
  Object.defineProperty(tc.ctx, 'docker', { get: () => caps.docker, configurable: true });
  Object.defineProperty(tc.ctx, 'secrets', { get: () => caps.secrets, configurable: true });
  return tc;
}

function deploy(tc: TestRunContext, dir: string, params: Record<string, unknown> = {}) {
  return composeDeployRuntime.run({
    inputs: { workspace: { path: dir } },
    params: composeDeployDefinition.params.parse({ secret: 'DB_PASSWORD', healthTimeoutMs: 60_000, ...params }),
    ctx: tc.ctx,
  });
}

/**
 * A Python API (standard library only) whose /health asks the database for real: it sends
 * PostgreSQL's SSLRequest and only a PostgreSQL server answers it with a single `N` or `S`.
 */
const APP_PY = `import json, os, socket
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse

def database():
    url = urlparse(os.environ.get('DATABASE_URL', 'postgresql://%s:5432' % os.environ.get('DATABASE_HOST')))
    try:
        with socket.create_connection((url.hostname, url.port or 5432), timeout=2) as s:
            s.sendall((8).to_bytes(4, 'big') + (80877103).to_bytes(4, 'big'))
            return 'reachable' if s.recv(1) in (b'N', b'S') else 'not postgres'
    except OSError as e:
        return 'unreachable: %s' % e

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        db = database()
        body = json.dumps({'status': 'ok' if db == 'reachable' else 'degraded', 'database': db,
                           'password_set': bool(os.environ.get('DATABASE_PASSWORD') or urlparse(os.environ.get('DATABASE_URL', '')).password)}).encode()
        self.send_response(200 if db == 'reachable' else 503)
        self.send_header('Content-Type', 'application/json')
        self.end_headers()
        self.wfile.write(body)

HTTPServer(('0.0.0.0', int(os.environ.get('PORT', '8000'))), Handler).serve_forever()
`;

const COMPOSE = `services:
  app:
    build: .
    init: true
    environment:
      DATABASE_HOST: db
      DATABASE_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
    ports: ["127.0.0.1::8000"]
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
      POSTGRES_DB: app
    volumes: [db-data:/var/lib/postgresql/data]
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "postgres"]
      interval: 1s
      retries: 60
volumes:
  db-data:
`;

async function pythonWithPostgres(dir: string, compose = COMPOSE): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'app.py'), APP_PY);
  await writeFile(join(dir, 'Dockerfile'), `FROM ${testImage('python')}\nWORKDIR /srv\nCOPY app.py .\nUSER 1000\nCMD ["python3", "app.py"]\n`);
  await writeFile(join(dir, 'compose.yaml'), compose);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const stackOf = (nodeId: string) => docker!.docker.listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT_LABEL}=${composeProject({ projectId: project, nodeId })}`] } });
const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');
const health = async (url: string) => {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe.skipIf(!docker)('compose-deploy with docker-compose', () => {
  const client = docker!;
  afterAll(async () => {
    const { removeComposeProject } = await import('../../main/adapters/docker/compose');
    for (const node of ['stack', 'cancel', 'broken', 'iac']) {
      const name = composeProject({ projectId: project, nodeId: node });
      await client.withEngine((d) => removeComposeProject(d, name));
      await client.docker.getImage(`${name}_app`).remove({ force: true }).catch(() => undefined);
      await client.docker.getImage(`${project}:latest`).remove({ force: true }).catch(() => undefined);
      await client.docker.getVolume(`${name}_db-data`).remove().catch(() => undefined);
    }
    await removeProject(client, project);
  });

  it('brings up a Python API with PostgreSQL, reuses it unchanged, lists it, and stops it from Services', async () => {
    const tc = await context('stack');
    const dir = await pythonWithPostgres(join(tc.root, 'api'));
    const out = await deploy(tc, dir);
    const service = out.service as ServiceValue;
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await health(service.url)).toEqual({ status: 200, body: { status: 'ok', database: 'reachable', password_set: true } });
    const services = out.services as { service: string; url: string | null; health: string; image: string }[];
    expect(services.map((s) => s.service)).toEqual(['app', 'db']);
    expect(services[1]).toMatchObject({ url: null, health: 'healthy', image: testImage('postgres') });
    expect(logText(tc)).not.toContain(PASSWORD);

    const first = await stackOf('stack');
    expect(first.map((c) => c.Labels[LABEL.config]).every((h) => h === first[0].Labels[LABEL.config])).toBe(true);

    const again = await deploy(await context('stack', 'run-2'), dir);
    expect((again.service as ServiceValue).containerId).toBe(service.containerId);
    expect(logText(tc)).toContain('(stack reused)');
    expect((await stackOf('stack')).map((c) => c.Id).sort()).toEqual(first.map((c) => c.Id).sort());

    // Changed code: the app's image is rebuilt and the stack is not reused.
    await writeFile(join(dir, 'app.py'), `${APP_PY}# version two\n`);
    const changed = await deploy(await context('stack', 'run-3'), dir);
    expect((changed.service as ServiceValue).containerId).not.toBe(service.containerId);
    expect(await health((changed.service as ServiceValue).url)).toMatchObject({ status: 200, body: { database: 'reachable' } });

    const listed = (await client.listServices(project)).filter((s) => s.nodeId === 'stack');
    expect(listed.map((s) => s.name).sort()).toEqual(['stack/app', 'stack/db']);
    expect(listed.find((s) => s.name === 'stack/app')?.url).toBe((changed.service as ServiceValue).url);
    expect(await client.logs(listed.find((s) => s.name === 'stack/db')!.id, 50)).toContain('database system is ready to accept connections');

    await client.stop(listed[0].id);
    expect(await stackOf('stack')).toEqual([]);
    expect(await fetch((changed.service as ServiceValue).url, { signal: AbortSignal.timeout(2000) }).then(() => 'answered', () => 'refused')).toBe('refused');
  }, 180_000);

  it('deploys what the iac node wrote for a Python API with PostgreSQL: /health reports the database', async () => {
    const tc = await context('iac');
    const dir = join(tc.root, 'shop');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'README.md'), '# Shop API\n\nOrders and customers, stored in PostgreSQL.\n');
    await writeFile(join(dir, 'requirements.txt'), '# the standard library only\n');
    await writeFile(join(dir, 'app.py'), APP_PY);
    await iacRuntime.run({
      inputs: { workspace: { path: dir } },
      params: iacDefinition.params.parse({ targets: ['compose'], name: project, hostPort: await freePort() }),
      ctx: tc.ctx,
    });
    const out = await deploy(tc, dir);
    const service = out.service as ServiceValue;
    expect(await health(service.url)).toEqual({ status: 200, body: { status: 'ok', database: 'reachable', password_set: true } });
    expect((out.services as { service: string; image: string }[]).map((s) => [s.service, s.image])).toEqual([
      ['app', `${project}:latest`],
      ['db', testImage('postgres')],
    ]);
    expect(logText(tc)).not.toContain(PASSWORD);
  }, 180_000);

  it('cancelled while the stack comes up, takes it down', async () => {
    const tc = await context('cancel');
    const dir = await pythonWithPostgres(join(tc.root, 'cancel'));
    const running = deploy(tc, dir).catch((e: unknown) => e);
    while (!(await stackOf('cancel')).length) await new Promise((r) => setTimeout(r, 100));
    tc.controller.abort();
    expect(await running).toMatchObject({ name: 'AbortError' });
    expect(await stackOf('cancel')).toEqual([]);
  }, 180_000);

  it('kept off, the stack goes with the end of the run, its network too', async () => {
    const tc = await context('cancel', 'run-short');
    const dir = await pythonWithPostgres(join(tc.root, 'short'));
    const service = (await deploy(tc, dir, { keep: false })).service as ServiceValue;
    expect((await health(service.url)).status).toBe(200);
    expect(await client.removeRunLeftovers('run-short')).toBe(2);
    expect(await stackOf('cancel')).toEqual([]);
    const networks = await client.docker.listNetworks({ filters: { label: [`${COMPOSE_PROJECT_LABEL}=${composeProject({ projectId: project, nodeId: 'cancel' })}`] } });
    expect(networks).toEqual([]);
  }, 180_000);

  it('refuses a broken compose file naming the file and the field', async () => {
    const tc = await context('broken');
    const dir = await pythonWithPostgres(join(tc.root, 'broken'), COMPOSE.replace('    ports: ["127.0.0.1::8000"]', '    portz: ["127.0.0.1::8000"]'));
    const error = (await deploy(tc, dir).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toContain(`compose file ${join(dir, 'compose.yaml')} is invalid`);
    expect(error.message).toContain("'portz'");
    expect(error.message).toContain('services.app');
    expect(await stackOf('broken')).toEqual([]);
  });
  it('refuses a compose file whose services reach past their containers, naming each, and starts nothing', async () => {
    const tc = await context('escapes');
    const dir = join(tc.root, 'escapes');
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(
      join(dir, 'compose.yaml'),
      [
        'services:',
        '  app:',
        `    image: ${testImage('python')}`,
        '    command: ["sleep", "60"]',
        '    privileged: true',
        '    pid: host',
        '    volumes:',
        '      - /:/host',
        '      - ./data:/data',
        '      - cache:/cache',
        '  sidecar:',
        `    image: ${testImage('python')}`,
        '    volumes:',
        '      - type: bind',
        '        source: /var/run/docker.sock',
        '        target: /var/run/docker.sock',
        '    env_file: /etc/hostname',
        'volumes:',
        '  cache: {}',
        '  hostroot:',
        '    driver: local',
        '    driver_opts: { type: none, o: bind, device: / }',
        '',
      ].join('\n'),
    );
    const error = (await deploy(tc, dir).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(
      `compose file ${join(dir, 'compose.yaml')} asks for more than a sandboxed app gets: service app: privileged: true; service app: pid: host; service app: volumes: binds /, outside the workspace; ` +
        'service sidecar: volumes: binds /var/run/docker.sock, outside the workspace; service sidecar: env_file: /etc/hostname, outside the workspace; ' +
        'volumes.hostroot: binds /, outside the workspace',
    );
    expect(error.detail).toMatch(/Remove those fields, or run this stack yourself with docker compose/);
    expect(await stackOf('escapes')).toEqual([]);
  });
});
