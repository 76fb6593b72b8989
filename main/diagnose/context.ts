import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { lastLines } from '../../nodes/sdk/node/terminal-text';
import { readWorkspaceFileSync, WorkspaceFileError } from '../../nodes/sdk/node/workspace-file';
import { placePrefix, workspacePath } from '../engine/context';
import type { Store } from '../store';
import type { ContextFile, DiagnoseContext } from './diagnosis';
import { tracebackFile } from './rules';

/** Log lines a rule or a model reads: enough for a traceback, little enough for a prompt. */
const LOG_LINES = 80;
/** Bytes of one workspace file given to a model. */
const FILE_BYTES = 8_000;

/** Files that say how an app is built, started and deployed, looked for at the workspace's top. */
const BUILD_FILES = [
  'Dockerfile',
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'package.json',
  'requirements.txt',
  'pyproject.toml',
  'go.mod',
  'Cargo.toml',
  'pom.xml',
];
const MANIFEST_DIRS = ['infra/k8s', 'infra/terraform'];

export class DiagnoseError extends Error {
  override name = 'DiagnoseError';
}

/**
 * Everything known about one failed node of a stored run: its error, log tail, params (secret
 * values replaced by their names), and the files of its workspace that bear on the failure.
 * Without `nodeId`, the run's first failed node.
 */
export function gatherContext(store: Store, runId: string, nodeId?: string): DiagnoseContext {
  const run = store.runs.get(runId);
  if (!run) throw new DiagnoseError(`no run with id "${runId}" (see pipewright runs)`);
  const nodeRuns = store.runs.nodeRuns(runId);
  const failed = nodeRuns.filter((n) => n.status === 'failed');
  const target = nodeId ?? failed[0]?.nodeId;
  if (!target) {
    throw new DiagnoseError(`run "${runId}" has no failed node (it ${run.status}); name a node to diagnose it anyway`);
  }
  const record = nodeRuns.find((n) => n.nodeId === target);
  if (!record) {
    const ids = nodeRuns.map((n) => n.nodeId).join(', ');
    throw new DiagnoseError(`run "${runId}" has no node "${target}"${ids ? ` (its nodes: ${ids})` : ''}`);
  }
  const matcher = store.secrets.matcher();
  const raw = store.runs
    .logs(runId, target)
    .map((c) => c.chunk)
    .join('');
  const logTail = matcher.redact(lastLines(raw, LOG_LINES));
  // The run's own error ("1 node failed: deploy") speaks of another node: a node that did not
  // fail says what it did, and which node did fail.
  const others = failed.filter((n) => n.nodeId !== target).map((n) => n.nodeId);
  const didNotFail = `node "${target}" ${record.status} in this run, with no error${others.length ? `; the node that failed is ${others.join(', ')}` : ''}`;
  const error = matcher.redact(record.status === 'failed' ? (record.error ?? run.error ?? '') : (record.error ?? didNotFail));
  const instance = run.doc?.nodes.find((n) => n.id === target);
  const params = matcher.redactDeep((instance?.params ?? {}) as Record<string, unknown>);
  const workspace = workspaceOf(run, nodeRuns, target) ?? ownFolder(store, run.projectId, placePrefix(run.projectId, run.pipelineId) + target);
  const files = workspace ? relevantFiles(workspace, `${error}\n${logTail}`).map((f) => ({ ...f, text: matcher.redact(f.text) })) : [];
  return { runId, nodeId: target, kind: record.kind, error, logTail, params, ...(workspace ? { workspace } : {}), files };
}

type RunOf = NonNullable<ReturnType<Store['runs']['get']>>;
type NodeRunsOf = ReturnType<Store['runs']['nodeRuns']>;

/**
 * The folder the node worked on: the workspace or repository that reached one of its inputs
 * (the upstream node's stored output, or the run's input for a pipeline input), else its own.
 */
function workspaceOf(run: RunOf, nodeRuns: NodeRunsOf, nodeId: string): string | undefined {
  const outputsOf = (id: string) => nodeRuns.find((n) => n.nodeId === id)?.outputs ?? {};
  const candidates: unknown[] = [];
  for (const edge of run.doc?.edges ?? []) {
    if (edge.to.node !== nodeId) continue;
    candidates.push(outputsOf(edge.from.node)[edge.from.port]);
    const source = run.doc?.nodes.find((n) => n.id === edge.from.node);
    const name = (source?.params as { name?: unknown } | undefined)?.name;
    if (source?.kind === 'pipeline-input' && typeof name === 'string') candidates.push(run.inputs[name]);
  }
  candidates.push(...Object.values(outputsOf(nodeId)));
  for (const value of candidates) {
    const path = (value as { path?: unknown } | undefined)?.path;
    if (typeof path === 'string' && isAbsolute(path) && isDirectory(path)) return path;
  }
  return undefined;
}

/**
 * A failed node records no outputs, so a node that worked in a folder of its own (no workspace
 * came in) is found where the engine makes that folder, beside the database.
 */
function ownFolder(store: Store, projectId: string, nodeId: string): string | undefined {
  try {
    const path = workspacePath(join(dirname(store.file), 'workspaces'), projectId, nodeId);
    return isDirectory(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The build files and manifests at hand, and the file a traceback names (as it is in the workspace). */
export function relevantFiles(workspace: string, text: string): ContextFile[] {
  const names = BUILD_FILES.filter((f) => existsSync(join(workspace, f)));
  for (const dir of MANIFEST_DIRS) {
    if (!isDirectory(join(workspace, dir))) continue;
    for (const f of readdirSync(join(workspace, dir)).sort()) names.push(`${dir}/${f}`);
  }
  const at = tracebackFile(text);
  if (at) {
    const inWorkspace = locate(workspace, at.file);
    if (inWorkspace && !names.includes(inWorkspace)) names.unshift(inWorkspace);
  }
  return names.flatMap((name) => {
    // Read as Pipewright reads any workspace file: a link out of the workspace (a Dockerfile
    // made a link to ~/.ssh/id_rsa), a FIFO or a device is left out, and only the start is read.
    let text: string | undefined;
    try {
      text = readWorkspaceFileSync(workspace, name, { maxBytes: FILE_BYTES + 1, head: true });
    } catch (err) {
      if (err instanceof WorkspaceFileError) return [];
      throw err;
    }
    if (text === undefined) return [];
    return [{ path: name, text: text.length > FILE_BYTES ? `${text.slice(0, FILE_BYTES)}\n…` : text }];
  });
}

/**
 * A traceback names the file as the container saw it (/app/app.py): the same file in the
 * workspace is the longest tail of that path that exists there, never a path outside it.
 */
function locate(workspace: string, file: string): string | undefined {
  const parts = file.split('/').filter((p) => p && p !== '.');
  for (let i = 0; i < parts.length; i++) {
    const candidate = resolve(workspace, ...parts.slice(i));
    const rel = relative(workspace, candidate);
    if (rel.startsWith('..') || isAbsolute(rel)) continue;
    if (isFile(candidate)) return rel;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
