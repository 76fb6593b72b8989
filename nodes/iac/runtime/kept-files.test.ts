import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { NodeError } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { iacDefinition } from '../definition';
import { describeProblem } from './problem';
import { ownRules } from './validate-compose';
import { checkTerraformModule } from './validate-hcl';
import { checkManifests } from './validate-k8s';
import { iacRuntime, type IacCheck } from '.';

// Files a person keeps beside the ones Pipewright writes are checked as strictly as those, and
// no check lets a secret written out in a file through.

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function appWith(files: Record<string, string>): Promise<string> {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
  const dir = join(t.root, 'shop');
  const all = { 'requirements.txt': 'psycopg2-binary==2.9.9\n', 'app.py': '', ...files };
  for (const [rel, text] of Object.entries(all)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

async function run(dir: string, params: Record<string, unknown>): Promise<{ checks: IacCheck[] }> {
  const out = await iacRuntime.run({ inputs: { workspace: { path: dir } }, params: iacDefinition.params.parse(params), ctx: t!.ctx });
  return out.report as { checks: IacCheck[] };
}

async function refusal(dir: string, params: Record<string, unknown>): Promise<string> {
  const error = await run(dir, params).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeError);
  return (error as NodeError).message;
}

const HPA = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: shop\n  minReplicas: 1\n  maxReplicas: 3\n';
const CERTIFICATE = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: shop\nspec:\n  secretName: shop-tls\n';

describe("the person's own files beside the generated ones", () => {
  it('checks every manifest in infra/k8s: an HPA against its schema, a custom resource noted as unchecked', async () => {
    const dir = await appWith({ 'infra/k8s/hpa.yaml': HPA, 'infra/k8s/extra/cert.yml': CERTIFICATE });
    const { checks } = await run(dir, { targets: ['kubernetes'] });
    const byFile = Object.fromEntries(checks.map((c) => [c.files[0], c]));
    expect(Object.keys(byFile)).toEqual(expect.arrayContaining(['infra/k8s/app.yaml', 'infra/k8s/hpa.yaml', 'infra/k8s/extra/cert.yml']));
    expect(byFile['infra/k8s/hpa.yaml']).toMatchObject({ ok: true });
    expect(byFile['infra/k8s/extra/cert.yml']).toMatchObject({ ok: true, note: expect.stringContaining('Certificate (cert-manager.io/v1) is a custom resource') });
  });

  it('refuses a kept manifest with a wrong field, a misspelt kind, or an API version Kubernetes lacks', async () => {
    const broken = HPA.replace('minReplicas: 1', 'minReplica: 1');
    expect(await refusal(await appWith({ 'infra/k8s/hpa.yaml': broken }), { targets: ['kubernetes'] })).toContain(
      'infra/k8s/hpa.yaml, line 10, field HorizontalPodAutoscaler.spec.minReplica: HorizontalPodAutoscaler has no field minReplica there',
    );
    expect(describeProblem((await checkManifests('x.yaml', HPA.replace('kind: HorizontalPodAutoscaler', 'kind: HorizontalPodAutoscalr')))!)).toBe(
      'x.yaml, line 2, field kind: autoscaling/v2 has no kind HorizontalPodAutoscalr: it has HorizontalPodAutoscaler',
    );
    expect(describeProblem((await checkManifests('x.yaml', HPA.replace('autoscaling/v2', 'autoscaling/v9')))!)).toMatch(
      /^x\.yaml, line 2, field kind: autoscaling\/v9 is not an API version Kubernetes serves/,
    );
  });

  it('checks every .tf of every folder under infra/terraform, naming the file', async () => {
    const extra = 'resource "docker_volume" "uploads" {\n  name = "${var.name}-${var.uploads}"\n}\n';
    const dir = await appWith({ 'infra/terraform/docker/uploads.tf': extra, 'infra/terraform/aws/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "shop"\n}\n' });
    const message = await refusal(dir, { targets: ['terraform'] });
    expect(message).toContain('2 files failed their checks');
    expect(message).toContain('infra/terraform/aws/main.tf, line 1, field aws_s3_bucket.b: uses the aws provider');
    const error = await run(dir, { targets: ['terraform'] }).catch((e: NodeError) => e.detail ?? '');
    expect(error).toContain('infra/terraform/docker/uploads.tf, line 2, field var.uploads: variable "uploads" is used but not declared');
  });
});

describe('no secret written out in any file', () => {
  it('compose: a password in a service environment, as a map, as a list, or inside a URL', () => {
    const map = 'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: hunter2\n';
    expect(describeProblem(ownRules('compose.yaml', map)!)).toMatch(
      /^compose\.yaml, line 6, field services\.db\.environment\.POSTGRES_PASSWORD: POSTGRES_PASSWORD is written as a literal value/,
    );
    const list = 'services:\n  app:\n    image: shop\n    environment:\n      - PORT=8000\n      - API_KEY=sk-live-123\n';
    expect(describeProblem(ownRules('compose.yaml', list)!)).toMatch(/^compose\.yaml, line 6, field services\.app\.environment\.API_KEY: /);
    const url = 'services:\n  app:\n    image: shop\n    environment:\n      DATABASE_URL: postgresql://app:hunter2@db:5432/app\n';
    expect(describeProblem(ownRules('compose.yaml', url)!)).toMatch(/^compose\.yaml, line 5, field services\.app\.environment\.DATABASE_URL: /);
  });

  it('compose: references, file paths and counts are not secrets; a key given twice is refused', () => {
    const fine = [
      'services:',
      '  app:',
      '    image: shop',
      '    environment:',
      '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}',
      '      POSTGRES_PASSWORD_FILE: /run/secrets/db',
      '      TOKEN_TTL: 3600',
      '      DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD}@db/app',
      '',
    ].join('\n');
    expect(ownRules('compose.yaml', fine)).toBeUndefined();
    expect(describeProblem(ownRules('compose.yaml', 'services:\n  app:\n    image: shop\n    image: other\n')!)).toMatch(/^compose\.yaml, line 4: .*unique/);
  });

  it('manifests: a literal env value, a Secret carrying its data, a ConfigMap holding a URL password', async () => {
    const env = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: shop',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: shop',
      '      env:',
      '        - name: DATABASE_URL',
      '          value: postgresql://app:$(POSTGRES_PASSWORD)@db/app',
      '        - name: JWT_SECRET',
      '          value: abc123',
      '',
    ].join('\n');
    expect(describeProblem((await checkManifests('pod.yaml', env))!)).toMatch(/^pod\.yaml, line 13, field Pod\.spec\.containers\[0\]\.env\[1\]\.value: JWT_SECRET is written as a literal value/);
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-db\ndata:\n  POSTGRES_PASSWORD: aHVudGVyMg==\n';
    expect(describeProblem((await checkManifests('secret.yaml', secret))!)).toMatch(/^secret\.yaml, line 6, field Secret\.data\.POSTGRES_PASSWORD: the Secret holds the value/);
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop\ndata:\n  DATABASE_URL: postgresql://app:hunter2@db/app\n';
    expect(describeProblem((await checkManifests('config.yaml', config))!)).toMatch(/^config\.yaml, line 6, field ConfigMap\.data\.DATABASE_URL: /);
    expect(await checkManifests('empty-secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-db\nstringData:\n  POSTGRES_PASSWORD: ""\n')).toBeUndefined();
  });

  it('Terraform: a URL holding a password in an env list', async () => {
    const versions = 'terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n      version = "3.0.2"\n    }\n  }\n}\n';
    const main = 'resource "docker_container" "app" {\n  name  = "shop"\n  image = "shop"\n  env   = ["DATABASE_URL=postgresql://app:hunter2@db/app"]\n}\n';
    expect(describeProblem((await checkTerraformModule([{ file: 'versions.tf', text: versions }, { file: 'main.tf', text: main }]))!)).toMatch(
      /^main\.tf, line 4, field resource\.docker_container\.app\.env\[0\]: DATABASE_URL is written as a literal value/,
    );
  });
});
