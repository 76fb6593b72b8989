import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { NodeError } from '../../sdk';
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { iacDefinition } from '../definition';
import { iacRuntime } from '.';
import type { IacCheck } from '.';

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** A small Python API whose README asks for PostgreSQL, as the offline scaffold writes one. */
async function pythonApp(tc: TestRunContext, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(tc.root, 'shop');
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {
    'README.md': '# Shop API\n\nOrders and customers, stored in PostgreSQL.\n',
    'requirements.txt': 'psycopg2-binary==2.9.9\n',
    'app.py': 'import os\nprint(os.environ.get("DATABASE_URL"))\n',
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

async function run(params: Record<string, unknown>, dir: string) {
  t ??= await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
  return iacRuntime.run({ inputs: { workspace: { path: dir } }, params: iacDefinition.params.parse(params), ctx: t.ctx });
}

async function context(): Promise<TestRunContext> {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
  return t;
}

const read = (dir: string, rel: string) => readFileSync(join(dir, rel), 'utf8');

async function failure(promise: Promise<unknown>): Promise<NodeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('iac node', () => {
  it('writes and validates the Dockerfile, compose, Terraform and Kubernetes files of a Python API with PostgreSQL', async () => {
    const tc = await context();
    const dir = await pythonApp(tc);
    const out = await run({}, dir);
    const report = out.report as { services: string[]; checks: IacCheck[]; files: { path: string }[] };

    expect(report.services).toEqual(['postgres']);
    expect(report.checks.map((c) => c.target).sort()).toEqual(['compose', 'kubernetes', 'kubernetes', 'terraform', 'terraform']);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    expect(read(dir, 'Dockerfile')).toMatch(/^FROM .*python/m);

    const [compose] = parseYamlDocuments(read(dir, 'compose.yaml'));
    const services = (compose.data as { services: Record<string, Record<string, unknown>> }).services;
    expect(Object.keys(services)).toEqual(['app', 'db']);
    expect(services.app.init).toBe(true);
    expect(services.app.ports).toEqual(['127.0.0.1:8000:8000']);
    expect(services.app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect((services.db.healthcheck as { test: string[] }).test).toContain('pg_isready');
    expect(services.db.volumes).toEqual(['db-data:/var/lib/postgresql/data']);
    expect(String((services.db.environment as Record<string, string>).POSTGRES_PASSWORD)).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(read(dir, '.env.example')).toContain('POSTGRES_PASSWORD=\n');

    expect(read(dir, 'infra/terraform/docker/versions.tf')).toMatch(/version\s*=\s*"3\.0\.2"/);
    expect(read(dir, 'infra/terraform/docker/postgres.tf')).toMatch(/variable "postgres_password"[^}]*sensitive\s*=\s*true/);
    expect(read(dir, 'infra/terraform/kubernetes/main.tf')).toContain('resource "kubernetes_deployment" "app"');

    const k8s = parseYamlDocuments(read(dir, 'infra/k8s/app.yaml')).map((d) => d.data as { kind: string; spec?: Record<string, unknown> });
    expect(k8s.map((d) => d.kind)).toEqual(['ConfigMap', 'Deployment', 'Service']);
    const container = (k8s[1].spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0];
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health' } });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toMatchObject({ limits: { cpu: '500m', memory: '256Mi' } });
    expect(JSON.stringify(container.env)).toContain('secretKeyRef');
    expect(parseYamlDocuments(read(dir, 'infra/k8s/postgres.yaml')).map((d) => (d.data as { kind: string }).kind)).toEqual(['Service', 'StatefulSet']);

    // No secret value anywhere: the stand-in the compose check used stays out of the files.
    for (const f of report.files) if (existsSync(join(dir, f.path))) expect(read(dir, f.path)).not.toContain('checked-by-pipewright');
  });

  it('compose target alone: the app and Redis, published on the port asked for', async () => {
    const tc = await context();
    const dir = await pythonApp(tc);
    const out = await run({ targets: ['compose'], services: ['redis'], hostPort: 18080, name: 'shop-api' }, dir);
    expect((out.report as { checks: IacCheck[] }).checks.map((c) => c.check)).toEqual(['docker-compose config; no literal secrets']);
    const services = (parseYamlDocuments(read(dir, 'compose.yaml'))[0].data as { services: Record<string, Record<string, unknown>> }).services;
    expect(Object.keys(services)).toEqual(['app', 'redis']);
    expect(services.app.ports).toEqual(['127.0.0.1:18080:8000']);
    expect(services.app.image).toBe('shop-api:latest');
    expect(existsSync(join(dir, 'infra'))).toBe(false);
  });

  it('terraform target alone: two modules, each parsed and checked', async () => {
    const tc = await context();
    const dir = await pythonApp(tc);
    const out = await run({ targets: ['terraform'] }, dir);
    const checks = (out.report as { checks: IacCheck[] }).checks;
    expect(checks.map((c) => c.files.some((f) => f.includes('/kubernetes/')))).toEqual([false, true]);
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(existsSync(join(dir, 'compose.yaml'))).toBe(false);
  });

  it('kubernetes target alone: a Node app with no services gets no database manifests', async () => {
    const tc = await context();
    const dir = join(tc.root, 'web');
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'Web Front', scripts: { start: 'node server.js' } }));
    await writeFile(join(dir, 'server.js'), 'require("node:http").createServer((q, s) => s.end("ok")).listen(3000);\n');
    const out = await run({ targets: ['kubernetes'], replicas: 3 }, dir);
    const report = out.report as { app: string; checks: IacCheck[]; services: string[] };
    expect(report.app).toBe('web-front');
    expect(report.services).toEqual([]);
    expect(report.checks.map((c) => c.files[0])).toEqual(['infra/k8s/app.yaml']);
    const deployment = parseYamlDocuments(read(dir, 'infra/k8s/app.yaml'))[1].data as { spec: { replicas: number } };
    expect(deployment.spec.replicas).toBe(3);
  });

  it('keeps a Dockerfile the person wrote', async () => {
    const tc = await context();
    const mine = 'FROM python:3.12-slim\nCOPY . /app\nEXPOSE 9000\nCMD ["python", "/app/app.py"]\n';
    const dir = await pythonApp(tc, { Dockerfile: mine });
    await run({ targets: ['compose'] }, dir);
    expect(read(dir, 'Dockerfile')).toBe(mine);
  });

  it('writes nothing through links the workspace holds, and reads no FIFO its code folders hold', async () => {
    const tc = await context();
    const outside = join(tc.root, 'outside');
    await mkdir(outside);
    // infra/ linked out: the Terraform and Kubernetes files would land outside the workspace.
    const linkedInfra = await pythonApp(tc);
    await symlink(outside, join(linkedInfra, 'infra'));
    const infraError = await run({ targets: ['kubernetes'] }, linkedInfra).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(infraError?.message).toMatch(/infra in the workspace is a symbolic link; Pipewright reads and writes only plain files there/);
    expect(readdirSync(outside)).toEqual([]);

    // A dangling Dockerfile link: following it would create the file outside.
    const dir = join(tc.root, 'linked-dockerfile');
    await mkdir(dir);
    await writeFile(join(dir, 'requirements.txt'), 'flask\n');
    await writeFile(join(dir, 'app.py'), 'print(1)\n');
    await symlink(join(outside, 'planted'), join(dir, 'Dockerfile'));
    await expect(run({ targets: ['compose'] }, dir)).rejects.toThrow(/Dockerfile in the workspace is a symbolic link/);
    expect(existsSync(join(outside, 'planted'))).toBe(false);

    // A FIFO among the code files: looked past, not waited on (a read would stop the whole process).
    await rm(join(linkedInfra, 'infra'));
    execFileSync('mkfifo', [join(linkedInfra, 'worker.py')]);
    const out = await run({ targets: ['compose'] }, linkedInfra);
    const report = out.report as { services: string[]; checks: IacCheck[] };
    expect(report.services).toEqual(['postgres']);
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });

  it('refuses an invalid compose file, naming the file, line and field', async () => {
    const tc = await context();
    const broken = 'services:\n  app:\n    image: "shop:latest"\n    portz:\n      - "127.0.0.1:8000:8000"\n';
    const dir = await pythonApp(tc, { 'compose.yaml': broken });
    const error = await failure(run({ targets: ['compose'] }, dir));
    expect(error.message).toContain('compose.yaml, line 4, field services.app.portz');
    // The person's file is never overwritten.
    expect(read(dir, 'compose.yaml')).toBe(broken);
  });

  it('refuses a compose file that is not YAML, naming its line', async () => {
    const tc = await context();
    const dir = await pythonApp(tc, { 'compose.yaml': 'services:\n  app:\n    image: [shop\n' });
    const error = await failure(run({ targets: ['compose'] }, dir));
    expect(error.message).toMatch(/compose\.yaml, line [34]: /);
  });

  it('refuses Terraform with a syntax error, naming the file and line', async () => {
    const tc = await context();
    const broken = '# mine\nvariable "name" {\n  type = string\n  default = \n}\n';
    const dir = await pythonApp(tc, { 'infra/terraform/docker/variables.tf': broken });
    const error = await failure(run({ targets: ['terraform'] }, dir));
    expect(error.message).toMatch(/infra\/terraform\/docker\/variables\.tf, line [45]: HCL syntax error/);
  });

  it('refuses a manifest with a field of the wrong type, naming the file, line and field', async () => {
    const tc = await context();
    const broken = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: shop',
      'spec:',
      '  selector:',
      '    matchLabels: { app: shop }',
      '  template:',
      '    metadata:',
      '      labels: { app: shop }',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: shop:latest',
      '          ports:',
      '            - containerPort: http',
      '',
    ].join('\n');
    const dir = await pythonApp(tc, { 'infra/k8s/app.yaml': broken });
    const error = await failure(run({ targets: ['kubernetes'] }, dir));
    expect(error.message).toContain('infra/k8s/app.yaml, line 16, field Deployment.spec.template.spec.containers[0].ports[0].containerPort');
    expect(error.message).toContain('must be of type integer');
  });

  it('refuses a manifest with a misspelt field, naming the file, line and field', async () => {
    const tc = await context();
    const broken = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: shop',
      'spec:',
      '  replica: 2',
      '  selector:',
      '    matchLabels: { app: shop }',
      '  template:',
      '    metadata:',
      '      labels: { app: shop }',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: shop:latest',
      '',
    ].join('\n');
    const dir = await pythonApp(tc, { 'infra/k8s/app.yaml': broken });
    const error = await failure(run({ targets: ['kubernetes'] }, dir));
    expect(error.message).toContain('infra/k8s/app.yaml, line 6, field Deployment.spec.replica: Deployment has no field replica there');
  });
});
