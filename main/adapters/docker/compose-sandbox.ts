import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { NodeError } from '../../../nodes/sdk';
import { readWorkspaceFileSync } from '../../../nodes/sdk/node/workspace-file';
import { parseYamlDocuments } from '../../../nodes/sdk/node/yaml';

/**
 * What a compose file may not ask of this machine. The file sits in a workspace that generated
 * code may have written, and compose runs what it says with the engine's full power: a service
 * that is privileged, shares the host's processes or network, or mounts a folder outside the
 * workspace (`/:/host`, the Docker socket) is out of every sandbox the rest of Pipewright keeps.
 */

type Service = Record<string, unknown>;

function inside(root: string, path: string): boolean {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // Not there yet: compose would create it where it says.
  }
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The host path a volume entry binds, or undefined for a named volume, a tmpfs or an anonymous one. */
function boundSource(volume: unknown, dir: string): string | undefined {
  if (typeof volume === 'string') {
    const [source, target] = volume.split(':');
    if (target === undefined) return undefined; // an anonymous volume: a path in the container only
    return source.startsWith('/') || source.startsWith('.') || source.startsWith('~') ? resolve(dir, source) : undefined;
  }
  if (volume && typeof volume === 'object') {
    const v = volume as { type?: unknown; source?: unknown };
    if (v.type === 'bind' && typeof v.source === 'string') return resolve(dir, v.source);
  }
  return undefined;
}

function pathsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' && typeof (v as { path?: unknown }).path === 'string' ? [(v as { path: string }).path] : []));
  return [];
}

/** Every way `service` reaches past its container, as `field: what`. */
function serviceProblems(service: Service, dir: string, root: string): string[] {
  const problems: string[] = [];
  if (service.privileged === true) problems.push('privileged: true');
  if (Array.isArray(service.cap_add) && service.cap_add.length) problems.push(`cap_add: ${service.cap_add.join(', ')}`);
  if (Array.isArray(service.devices) && service.devices.length) problems.push('devices: the host\'s devices');
  for (const field of ['pid', 'ipc', 'network_mode', 'userns_mode', 'uts', 'cgroup'] as const) {
    const value = service[field];
    if (typeof value === 'string' && (value === 'host' || value.startsWith('container:') || value.startsWith('service:'))) problems.push(`${field}: ${value}`);
  }
  const securityOpt = Array.isArray(service.security_opt) ? (service.security_opt as unknown[]).map(String) : [];
  for (const opt of securityOpt) if (/unconfined|label[:=]disable|no-new-privileges[:=]false/i.test(opt)) problems.push(`security_opt: ${opt}`);
  for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
    const source = boundSource(volume, dir);
    if (source !== undefined && !inside(root, source)) problems.push(`volumes: binds ${source}, outside the workspace`);
  }
  const build = service.build;
  const context = typeof build === 'string' ? build : build && typeof build === 'object' ? (build as { context?: unknown }).context : undefined;
  if (typeof context === 'string' && !/^[a-z]+:\/\//i.test(context) && !context.startsWith('git@') && !inside(root, resolve(dir, context))) {
    problems.push(`build.context: ${resolve(dir, context)}, outside the workspace`);
  }
  return problems;
}

/**
 * The env_file entries of each service as the file itself writes them: `config` reads them into
 * `environment` and leaves the field out, so its output no longer says where the values came from.
 */
function envFiles(file: string): Record<string, string[]> {
  let raw: unknown;
  try {
    raw = parseYamlDocuments(readWorkspaceFileSync(dirname(file), basename(file)) ?? '')[0]?.data;
  } catch {
    return {};
  }
  const services = (raw as { services?: Record<string, Service> } | undefined)?.services;
  if (!services || typeof services !== 'object') return {};
  return Object.fromEntries(Object.entries(services).map(([name, svc]) => [name, pathsOf(svc?.env_file)]));
}

/**
 * Refuses a compose file (its `config` output, parsed) whose services reach past their
 * containers, naming each service and field. `dir` is the compose file's folder, the workspace;
 * `file` the compose file itself.
 */
export function refuseUnsandboxedCompose(config: { services?: Record<string, Service>; secrets?: unknown; configs?: unknown }, dir: string, file: string): void {
  let root = dir;
  try {
    root = realpathSync(dir);
  } catch {
    // The folder compose just read: there.
  }
  const found: string[] = [];
  const envFilesOf = envFiles(file);
  for (const [name, service] of Object.entries(config.services ?? {})) {
    for (const problem of serviceProblems(service ?? {}, dir, root)) found.push(`service ${name}: ${problem}`);
    for (const envFile of envFilesOf[name] ?? []) {
      if (!inside(root, resolve(dir, envFile))) found.push(`service ${name}: env_file: ${resolve(dir, envFile)}, outside the workspace`);
    }
  }
  // A named volume of the local driver with `o: bind` is a bind mount under another name.
  const volumes = (config as { volumes?: unknown }).volumes;
  if (volumes && typeof volumes === 'object') {
    for (const [name, volume] of Object.entries(volumes as Record<string, { driver_opts?: Record<string, unknown> } | null>)) {
      const opts = volume?.driver_opts;
      const device = opts?.device;
      if (typeof device !== 'string' || !/(^|,)\s*r?bind\s*(,|$)/.test(String(opts?.o ?? ''))) continue;
      if (!inside(root, resolve(dir, device))) found.push(`volumes.${name}: binds ${resolve(dir, device)}, outside the workspace`);
    }
  }
  for (const section of ['secrets', 'configs'] as const) {
    const entries = config[section];
    if (!entries || typeof entries !== 'object') continue;
    for (const [name, entry] of Object.entries(entries as Record<string, { file?: unknown }>)) {
      if (typeof entry?.file === 'string' && !inside(root, resolve(dir, entry.file))) found.push(`${section}.${name}: file ${resolve(dir, entry.file)}, outside the workspace`);
    }
  }
  if (found.length) {
    throw new NodeError(
      `compose file ${file} asks for more than a sandboxed app gets: ${found.join('; ')}`,
      'Pipewright runs a compose file from a workspace (which generated code may have written) only when its services keep to their containers: no privileged mode, added capabilities, devices or host namespaces, and no files from outside the workspace. Remove those fields, or run this stack yourself with docker compose.',
    );
  }
}
