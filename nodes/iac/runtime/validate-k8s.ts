/**
 * The one door to kubernetes-models: validators compiled from the Kubernetes OpenAPI schemas,
 * shipped in the package, so manifests are checked offline. Loaded on first use (ES modules).
 */
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { dotted, type IacProblem } from './problem';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/** The kinds Pipewright writes or a person is likely to add, by `apiVersion/kind`. */
const MODELS: Record<string, () => Promise<ModelClass>> = {
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'apps/v1/StatefulSet': async () => (await import('kubernetes-models/apps/v1/StatefulSet')).StatefulSet,
  'apps/v1/DaemonSet': async () => (await import('kubernetes-models/apps/v1/DaemonSet')).DaemonSet,
  'v1/Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'v1/ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1/Secret': async () => (await import('kubernetes-models/v1/Secret')).Secret,
  'v1/Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1/PersistentVolumeClaim': async () => (await import('kubernetes-models/v1/PersistentVolumeClaim')).PersistentVolumeClaim,
  'v1/ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'networking.k8s.io/v1/Ingress': async () => (await import('kubernetes-models/networking.k8s.io/v1/Ingress')).Ingress,
  'batch/v1/Job': async () => (await import('kubernetes-models/batch/v1/Job')).Job,
  'batch/v1/CronJob': async () => (await import('kubernetes-models/batch/v1/CronJob')).CronJob,
};

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function reason(e: SchemaError): string {
  if (e.keyword === 'required') return `is missing the required field ${String(e.params.missingProperty)}`;
  if (e.keyword === 'type') return `must be of type ${String(e.params.type)}`;
  if (e.keyword === 'enum') return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? `fails the schema's ${e.keyword} rule`;
}

/** Checks every document of one manifest file against its kind's schema; the first problem is returned. */
export async function checkManifests(file: string, text: string): Promise<IacProblem | undefined> {
  const docs = parseYamlDocuments(text);
  for (const doc of docs) {
    const syntax = doc.errors[0];
    if (syntax) return { file, line: syntax.line, message: `YAML syntax error: ${syntax.message}` };
    if (doc.data === null || doc.data === undefined) continue;
    const data = doc.data as { apiVersion?: unknown; kind?: unknown };
    if (typeof data !== 'object' || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') {
      return { file, line: doc.lineOf([]), field: 'apiVersion', message: 'a manifest needs apiVersion and kind (strings)' };
    }
    const load = MODELS[`${data.apiVersion}/${data.kind}`];
    if (!load) {
      return {
        file,
        line: doc.lineOf(['kind']),
        field: 'kind',
        message: `${data.kind} (${data.apiVersion}) is not a kind Pipewright can check: use one of ${Object.keys(MODELS).join(', ')}`,
      };
    }
    const Model = await load();
    try {
      new Model(data as never).validate();
    } catch (error) {
      const first = (error as { errors?: SchemaError[] }).errors?.[0];
      if (!first) throw error;
      const path = first.instancePath
        .split('/')
        .slice(1)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
      const field = first.keyword === 'required' ? [...path, String(first.params.missingProperty)] : path;
      return { file, line: doc.lineOf(path), field: `${data.kind}.${dotted(field)}`, message: `${data.kind} ${reason(first)}` };
    }
  }
  return undefined;
}
