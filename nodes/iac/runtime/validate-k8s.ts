/**
 * The one door to kubernetes-models: validators compiled from the Kubernetes OpenAPI schemas,
 * shipped in the package, so manifests are checked offline. Loaded on first use (ES modules).
 */
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { hasUrlPassword, isLiteralSecret, LITERAL_SECRET_ADVICE } from './literal-secrets';
import { dotted, type IacProblem } from './problem';

/** A validator compiled from one kind's schema: true when valid, else its `errors`. */
type SchemaCheck = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** API groups Kubernetes itself serves; a kind of any other group is a custom resource. */
const BUILT_IN_GROUP = /^(apps|batch|autoscaling|policy|extensions|[a-z0-9-]+(\.[a-z0-9-]+)*\.k8s\.io)$/;

/** The package's schema module for a built-in group, version and kind: the OpenAPI definition's name. */
function schemaModule(group: string, version: string, kind: string): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const v = cap(version);
  if (group === 'apiextensions.k8s.io') return `IoK8sApiextensionsApiserverPkgApisApiextensions${v}${kind}`;
  if (group === 'apiregistration.k8s.io') return `IoK8sKubeAggregatorPkgApisApiregistration${v}${kind}`;
  return `IoK8sApi${cap(group.split('.')[0])}${v}${kind}`;
}

type Lookup = { check: SchemaCheck } | { unknown: string } | { custom: string };

const loaded = new Map<string, Promise<Lookup>>();

/**
 * The validator for `apiVersion`/`kind`: every kind Kubernetes itself serves is in the package.
 * A kind of a built-in group that the package lacks is a misspelling (its group's kinds are
 * named); a kind of another group (cert-manager.io, monitoring.coreos.com) is a custom resource
 * whose schema lives with its operator, not here.
 */
function lookup(apiVersion: string, kind: string): Promise<Lookup> {
  const key = `${apiVersion}/${kind}`;
  let found = loaded.get(key);
  if (!found) {
    found = (async (): Promise<Lookup> => {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['core', apiVersion];
      if (group !== 'core' && !BUILT_IN_GROUP.test(group)) return { custom: `${kind} (${apiVersion}) is a custom resource: its schema comes with its operator, so only its YAML was checked` };
      const known = /^[A-Za-z][A-Za-z0-9]*$/.test(kind) && /^v\d+((alpha|beta)\d+)?$/.test(version);
      if (known) {
        try {
          const schema = `kubernetes-models/_schemas/${schemaModule(group, version, kind)}`;
          return { check: ((await import(/* @vite-ignore */ schema)) as { validate: SchemaCheck }).validate };
        } catch {
          // Not a kind of this group and version: name the ones that are, below.
        }
      }
      const groupModule = `kubernetes-models/${group === 'core' ? version : `${group}/${version}`}`;
      const kinds = await import(/* @vite-ignore */ groupModule).then(
        (m: Record<string, unknown>) =>
          Object.values(m)
            .map((c) => (c as { kind?: unknown }).kind)
            .filter((k): k is string => typeof k === 'string' && !k.endsWith('List')),
        () => [],
      );
      return {
        unknown: kinds.length
          ? `${apiVersion} has no kind ${kind}: it has ${kinds.join(', ')}`
          : `${apiVersion} is not an API version Kubernetes serves (apps/v1, v1, batch/v1, networking.k8s.io/v1, …)`,
      };
    })();
    loaded.set(key, found);
  }
  return found;
}

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

/**
 * A secret written out in a manifest, with its path: an env value named like a secret, a URL
 * holding a password, or a Secret carrying its data (Secrets are created where the manifests are
 * applied, as infra/k8s/README.md says, and only referenced here).
 */
function literalSecret(data: Json, kind: string): { path: (string | number)[]; message: string } | undefined {
  if (kind === 'Secret' && data && typeof data === 'object' && !Array.isArray(data)) {
    for (const key of ['data', 'stringData']) {
      const values = data[key];
      if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
      const filled = Object.entries(values).find(([, v]) => typeof v === 'string' && v !== '');
      if (filled) {
        return {
          path: [key, filled[0]],
          message: `the Secret holds the value of ${filled[0]} in the file: create it where the manifests are applied (kubectl create secret generic … --from-literal=${filled[0]}=…) and leave it out of infra/`,
        };
      }
    }
  }
  const walk = (value: Json, path: (string | number)[]): ReturnType<typeof literalSecret> => {
    if (!value || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) {
        const found = walk(item, [...path, i]);
        if (found) return found;
      }
      return undefined;
    }
    const inEnv = path.at(-2) === 'env' && typeof value.name === 'string';
    if (inEnv && (isLiteralSecret(value.name as string, value.value) || hasUrlPassword(value.value))) {
      return { path: [...path, 'value'], message: `${value.name as string} is written as a literal value: ${LITERAL_SECRET_ADVICE}` };
    }
    for (const [key, child] of Object.entries(value)) {
      if (path.length === 1 && path[0] === 'data' && kind === 'ConfigMap' && (isLiteralSecret(key, child) || hasUrlPassword(child))) {
        return { path: [...path, key], message: `${key} is written as a literal value in a ConfigMap: ${LITERAL_SECRET_ADVICE}` };
      }
      const found = walk(child, [...path, key]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(data, []);
}

/**
 * Checks every document of one manifest file against its kind's schema, then for secrets written
 * out; the first problem is returned. Custom resources, which no schema here covers, are noted
 * in `notes` rather than refused.
 */
export async function checkManifests(file: string, text: string, notes: string[] = []): Promise<IacProblem | undefined> {
  const docs = parseYamlDocuments(text);
  for (const doc of docs) {
    const syntax = doc.errors[0];
    if (syntax) return { file, line: syntax.line, message: `YAML syntax error: ${syntax.message}` };
    if (doc.data === null || doc.data === undefined) continue;
    const data = doc.data as { apiVersion?: unknown; kind?: unknown };
    if (typeof data !== 'object' || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') {
      return { file, line: doc.lineOf([]), field: 'apiVersion', message: 'a manifest needs apiVersion and kind (strings)' };
    }
    const found = await lookup(data.apiVersion, data.kind);
    if ('unknown' in found) return { file, line: doc.lineOf(['kind']), field: 'kind', message: found.unknown };
    if ('custom' in found) {
      notes.push(found.custom);
      continue;
    }
    const check = found.check;
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
    const secret = literalSecret(doc.data as Json, data.kind);
    if (secret) return { file, line: doc.lineOf(secret.path), field: `${data.kind}.${dotted(secret.path)}`, message: secret.message };
  }
  return undefined;
}
