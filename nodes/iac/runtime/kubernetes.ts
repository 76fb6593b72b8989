import { toYaml, type YamlData } from '../../sdk/node/yaml';
import { DB, REDIS, type IacPlan } from './plan';

type Manifest = { [key: string]: YamlData };

const HEADER = 'Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.\nApply with: kubectl apply -n NAMESPACE -f infra/k8s/';

const manifests = (...docs: Manifest[]) => docs.map((d, i) => toYaml(d, i === 0 ? HEADER : undefined)).join('---\n');

/** The Secret the app and the database read; its value is created by hand, never written here. */
export const dbSecretName = (plan: IacPlan) => `${plan.name}-db`;

/** The restricted Pod Security Standard: non-root, no privilege escalation, no capabilities. */
const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function appEnv(plan: IacPlan): YamlData[] {
  if (!plan.services.includes('postgres')) return [];
  return [
    { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: dbSecretName(plan), key: 'POSTGRES_PASSWORD' } } },
    // Kubernetes expands $(POSTGRES_PASSWORD) from the variable above: the URL holds no secret.
    { name: 'DATABASE_URL', value: `postgresql://${DB.user}:$(POSTGRES_PASSWORD)@${DB.host}:${DB.port}/${DB.database}` },
  ];
}

function deployment(plan: IacPlan): Manifest {
  const labels = { app: plan.name };
  const probe = (delay: number, period: number) => ({
    httpGet: { path: plan.healthPath, port: 'http' },
    initialDelaySeconds: delay,
    periodSeconds: period,
    timeoutSeconds: 3,
  });
  const env = appEnv(plan);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: plan.name, labels },
    spec: {
      replicas: plan.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image: `${plan.name}:latest`,
              ports: [{ name: 'http', containerPort: plan.port }],
              envFrom: [{ configMapRef: { name: `${plan.name}-config` } }],
              env: env.length ? env : undefined,
              resources: { requests: { cpu: plan.cpu, memory: plan.memory }, limits: { cpu: plan.cpu, memory: plan.memory } },
              readinessProbe: probe(2, 5),
              livenessProbe: probe(10, 10),
              securityContext: restricted,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function configMap(plan: IacPlan): Manifest {
  const data: Record<string, YamlData> = { PORT: String(plan.port), HOST: '0.0.0.0' };
  if (plan.services.includes('redis')) data.REDIS_URL = `redis://${REDIS.host}:${REDIS.port}/0`;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${plan.name}-config` }, data };
}

function service(name: string, selector: string, port: number, targetPort: number | string, headless = false): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { clusterIP: headless ? 'None' : undefined, selector: { app: selector }, ports: [{ port, targetPort }] },
  };
}

function postgres(plan: IacPlan): Manifest[] {
  const app = `${plan.name}-db`;
  const statefulSet: Manifest = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: app },
    spec: {
      serviceName: DB.host,
      replicas: 1,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          securityContext: { fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'postgres',
              image: 'postgres:16',
              ports: [{ name: 'postgres', containerPort: DB.port }],
              env: [
                { name: 'POSTGRES_USER', value: DB.user },
                { name: 'POSTGRES_DB', value: DB.database },
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: dbSecretName(plan), key: 'POSTGRES_PASSWORD' } } },
              ],
              readinessProbe: { exec: { command: ['pg_isready', '-U', DB.user, '-d', DB.database] }, periodSeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  };
  return [service(DB.host, app, DB.port, DB.port, true), statefulSet];
}

function redis(plan: IacPlan): Manifest[] {
  const app = `${plan.name}-redis`;
  const dep: Manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          containers: [
            {
              name: 'redis',
              image: 'redis:7',
              ports: [{ containerPort: REDIS.port }],
              readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
            },
          ],
        },
      },
    },
  };
  return [service(REDIS.host, app, REDIS.port, REDIS.port), dep];
}

function readme(plan: IacPlan): string {
  const lines = [`# Kubernetes manifests for ${plan.name}`, '', '<!-- Written by Pipewright: while this line is here, Pipewright rewrites this file on each run. -->', '', 'Push the image where the cluster can pull it, then:', '', '```sh'];
  if (plan.services.includes('postgres')) {
    lines.push(`kubectl create secret generic ${dbSecretName(plan)} --from-literal=POSTGRES_PASSWORD='choose one'`);
  }
  lines.push('kubectl apply -f infra/k8s/', '```', '');
  if (plan.services.includes('postgres')) {
    lines.push('The database runs as a StatefulSet with one replica and a 1Gi volume: enough to try, not a managed database.', '');
  }
  return lines.join('\n');
}

/** infra/k8s/: the app (Deployment, Service, ConfigMap), the services it needs, and how to apply them. */
export function kubernetesFiles(plan: IacPlan): Record<string, string> {
  const files: Record<string, string> = {
    'infra/k8s/app.yaml': manifests(configMap(plan), deployment(plan), service(plan.name, plan.name, 80, 'http')),
  };
  if (plan.services.includes('postgres')) files['infra/k8s/postgres.yaml'] = manifests(...postgres(plan));
  if (plan.services.includes('redis')) files['infra/k8s/redis.yaml'] = manifests(...redis(plan));
  files['infra/k8s/README.md'] = readme(plan);
  return files;
}
