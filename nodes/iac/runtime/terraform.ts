import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeError } from '../../sdk';
import { resourcesFolder } from '../../sdk/node/resources';
import { memoryBytes } from '../definition';
import { DB, healthCommand, REDIS, type IacPlan } from './plan';

/** An HCL string literal: JSON's escapes are HCL's, and `${` / `%{` must not start a template. */
const hclString = (s: string) => JSON.stringify(s).replace(/([$%])\{/g, '$1$1{');
const hclList = (items: string[]) => `[${items.map(hclString).join(', ')}]`;

function render(template: string, values: Record<string, string>, file: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!Object.hasOwn(values, key)) throw new NodeError(`iac template ${file} uses an unknown placeholder {{${key}}}`);
    return values[key];
  });
}

/** Memory in MiB, as the Docker provider takes it (at least 6, Docker's minimum). */
function mebibytes(quantity: string): number {
  return Math.max(6, Math.round((memoryBytes(quantity) ?? 256 * 1024 ** 2) / 1024 ** 2));
}

function moduleFiles(variant: 'docker' | 'kubernetes', plan: IacPlan, values: Record<string, string>): Record<string, string> {
  const dir = path.join(resourcesFolder('iac'), 'terraform', variant);
  const names = ['versions.tf', 'variables.tf', 'main.tf', ...plan.services.map((s) => `${s}.tf`)];
  const out: Record<string, string> = {};
  for (const name of names) {
    const file = `terraform/${variant}/${name}`;
    out[`infra/terraform/${variant}/${name}`] = render(readFileSync(path.join(dir, name), 'utf8'), values, file);
  }
  return out;
}

function common(plan: IacPlan): Record<string, string> {
  return {
    name: plan.name,
    port: String(plan.port),
    host_port: String(plan.hostPort),
    replicas: String(plan.replicas),
    cpu: plan.cpu,
    memory: plan.memory,
    memory_mb: String(mebibytes(plan.memory)),
    health_path: plan.healthPath,
  };
}

function dockerValues(plan: IacPlan): Record<string, string> {
  // Written as HCL here because the password is a reference Terraform interpolates.
  const env = [`"PORT=\${var.port}"`, '"HOST=0.0.0.0"'];
  if (plan.services.includes('postgres')) {
    env.push(`"DATABASE_URL=postgresql://${DB.user}:\${var.postgres_password}@${DB.host}:${DB.port}/${DB.database}"`);
  }
  if (plan.services.includes('redis')) env.push(hclString(`REDIS_URL=redis://${REDIS.host}:${REDIS.port}/0`));
  const deps = plan.services.map((s) => `docker_container.${s === 'postgres' ? 'db' : 'redis'}`);
  return {
    ...common(plan),
    app_env: `[\n    ${env.join(',\n    ')},\n  ]`,
    health_test: hclList(['CMD', ...healthCommand(plan)]),
    app_depends_on: deps.length ? `\n  depends_on = [${deps.join(', ')}]\n` : '',
  };
}

function kubernetesValues(plan: IacPlan): Record<string, string> {
  const config: [string, string][] = [
    ['PORT', String(plan.port)],
    ['HOST', '0.0.0.0'],
  ];
  if (plan.services.includes('redis')) config.push(['REDIS_URL', `redis://${REDIS.host}:${REDIS.port}/0`]);
  let secretEnv = '';
  if (plan.services.includes('postgres')) {
    // Kubernetes expands $(POSTGRES_PASSWORD) from the variable above it: the URL holds no secret.
    secretEnv = [
      '',
      '          env {',
      '            name = "POSTGRES_PASSWORD"',
      '            value_from {',
      '              secret_key_ref {',
      '                name = kubernetes_secret.db.metadata[0].name',
      '                key  = "POSTGRES_PASSWORD"',
      '              }',
      '            }',
      '          }',
      '          env {',
      '            name  = "DATABASE_URL"',
      `            value = ${hclString(`postgresql://${DB.user}:$(POSTGRES_PASSWORD)@${DB.host}:${DB.port}/${DB.database}`)}`,
      '          }',
    ].join('\n');
  }
  return {
    ...common(plan),
    config_data: `{\n${config.map(([k, v]) => `    ${k} = ${hclString(v)}`).join('\n')}\n  }`,
    secret_env: secretEnv,
  };
}

/** infra/terraform/docker (a local deployment) and infra/terraform/kubernetes, by path. */
export function terraformFiles(plan: IacPlan): Record<string, string> {
  return { ...moduleFiles('docker', plan, dockerValues(plan)), ...moduleFiles('kubernetes', plan, kubernetesValues(plan)) };
}
