/**
 * The one door to kubernetes-models: validators compiled from the Kubernetes OpenAPI schemas,
 * shipped in the package, so manifests are checked offline. Loaded on first use (ES modules).
 */
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { dotted, type IacProblem } from './problem';

/** A validator compiled from one kind's schema: true when valid, else its `errors`. */
type SchemaCheck = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };


/** The kinds Pipewright writes or a person is likely to add, by `apiVersion/kind`. */
const SCHEMAS: Record<string, () => Promise<SchemaCheck>> = {
  'apps/v1/Deployment': async () => (await import('kubernetes-models/_schemas/IoK8sApiAppsV1Deployment')).validate as SchemaCheck,
  'apps/v1/StatefulSet': async () => (await import('kubernetes-models/_schemas/IoK8sApiAppsV1StatefulSet')).validate as SchemaCheck,
  'apps/v1/DaemonSet': async () => (await import('kubernetes-models/_schemas/IoK8sApiAppsV1DaemonSet')).validate as SchemaCheck,
  'v1/Service': async () => (await import('kubernetes-models/_schemas/IoK8sApiCoreV1Service')).validate as SchemaCheck,
  'v1/ConfigMap': async () => (await import('kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap')).validate as SchemaCheck,
  'v1/Secret': async () => (await import('kubernetes-models/_schemas/IoK8sApiCoreV1Secret')).validate as SchemaCheck,
  'v1/Namespace': async () => (await import('kubernetes-models/_schemas/IoK8sApiCoreV1Namespace')).validate as SchemaCheck,
  'v1/PersistentVolumeClaim': async () => (await import('kubernetes-models/_schemas/IoK8sApiCoreV1PersistentVolumeClaim')).validate as SchemaCheck,
  'v1/ServiceAccount': async () => (await import('kubernetes-models/_schemas/IoK8sApiCoreV1ServiceAccount')).validate as SchemaCheck,
  'networking.k8s.io/v1/Ingress': async () => (await import('kubernetes-models/_schemas/IoK8sApiNetworkingV1Ingress')).validate as SchemaCheck,
  'batch/v1/Job': async () => (await import('kubernetes-models/_schemas/IoK8sApiBatchV1Job')).validate as SchemaCheck,
  'batch/v1/CronJob': async () => (await import('kubernetes-models/_schemas/IoK8sApiBatchV1CronJob')).validate as SchemaCheck,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A copy of `value` that records every field the validator reads. The compiled schemas read each
 * field they know (and every key of a map), so a field never read is one the schema does not
 * have: how a misspelt field (`replica`, `portz`) is found, as `kubectl --validate=strict` would.
 */
function tracked(value: Json, path: string[], read: Set<string>): Json {
  if (!value || typeof value !== 'object') return value;
  const copy = Array.isArray(value)
    ? value.map((v, i) => tracked(v, [...path, String(i)], read))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tracked(v, [...path, k], read)]));
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add([...path, key].join('/'));
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

function unreadField(value: Json, path: (string | number)[], read: Set<string>): (string | number)[] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = [...path, key];
    if (!Array.isArray(value) && !read.has(at.join('/'))) return at;
    const deeper = unreadField(child, at, read);
    if (deeper) return deeper;
  }
  return undefined;
}

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
    const load = SCHEMAS[`${data.apiVersion}/${data.kind}`];
    if (!load) {
      return {
        file,
        line: doc.lineOf(['kind']),
        field: 'kind',
        message: `${data.kind} (${data.apiVersion}) is not a kind Pipewright can check: use one of ${Object.keys(SCHEMAS).join(', ')}`,
      };
    }
    const check = await load();
    const read = new Set<string>();
    if (!check(tracked(doc.data as Json, [], read))) {
      const first = check.errors?.[0];
      if (!first) return { file, line: doc.lineOf([]), message: `${data.kind} does not match its schema` };
      const path = first.instancePath
        .split('/')
        .slice(1)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
      const field = first.keyword === 'required' ? [...path, String(first.params.missingProperty)] : path;
      return { file, line: doc.lineOf(path), field: `${data.kind}.${dotted(field)}`, message: `${data.kind} ${reason(first)}` };
    }
    const unknown = unreadField(doc.data as Json, [], read);
    if (unknown) {
      return {
        file,
        line: doc.lineOf(unknown),
        field: `${data.kind}.${dotted(unknown)}`,
        message: `${data.kind} has no field ${String(unknown[unknown.length - 1])} there (a misspelt or misplaced field)`,
      };
    }
  }
  return undefined;
}
