import { rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { definitionsByKind } from '../../nodes/definitions';
import type { CallHandlers } from '../../preload/contract';
import type { EngineEvent } from '../engine/events';
import type { Host } from '../host';
import { keepFolder, pruneRuns, readManifest, segment, type OutputKey } from './keep';
import { readKeptFile } from './read';

/** Runs of a project whose files are kept; older ones are removed as new runs start. */
const RUNS_KEPT = 20;

export function runFilesRoot(home: string): string {
  return join(home, 'run-files');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The output ports of a finished node that name a folder, with the folder each names. */
function folderOutputs(event: Extract<EngineEvent, { type: 'node-finished' }>, workspaceRoot: string): [string, string][] {
  const ports = definitionsByKind.get(event.kind)?.outputs ?? [];
  const found: [string, string][] = [];
  for (const [port, value] of Object.entries(event.outputs ?? {})) {
    const path = (value as { path?: unknown } | null)?.path;
    if (typeof path !== 'string' || !isAbsolute(path)) continue;
    const type = ports.find((p) => p.name === port)?.type;
    // Ports a node resolves at run time (a sub-pipeline's) are trusted only inside the workspaces.
    if (type === 'workspace' || type === 'repo' || (type === undefined && inside(workspaceRoot, path))) found.push([port, path]);
  }
  return found;
}

/**
 * Keeps the files of every folder output as each node finishes, so the Output tab can show
 * them and compare them with the previous run after the workspace has moved on.
 */
export function keepRunFiles(home: string, projectId: string): (event: EngineEvent) => void {
  const root = runFilesRoot(home);
  const workspaceRoot = join(home, 'workspaces');
  return (event) => {
    if (event.type === 'run-started') {
      pruneRuns(root, projectId, RUNS_KEPT);
      return;
    }
    // Nodes inside a sub-pipeline are not shown on the canvas either.
    if (event.type !== 'node-finished' || event.nodeId.includes('/')) return;
    for (const [port, path] of folderOutputs(event, workspaceRoot)) {
      try {
        keepFolder(root, { projectId, runId: event.runId, nodeId: event.nodeId, port }, path);
      } catch (err) {
        // Showing the files later is a convenience: a full disk must not fail the run.
        console.error(`pipewright: could not keep the files of node "${event.nodeId}": ${(err as Error).message}`);
      }
    }
  };
}

/** A deleted project's kept files go with it. */
export function forgetRunFiles(home: string, projectId: string): void {
  rmSync(join(runFilesRoot(home), segment(projectId)), { recursive: true, force: true });
}

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

export function runFilesHandlers(host: Host): Handlers<'outputs.files' | 'outputs.file'> {
  const root = runFilesRoot(host.home);
  const keyOf = (runId: string, nodeId: string, port: string): OutputKey => {
    const run = host.store.runs.get(runId);
    if (!run) throw new Error(`no run "${runId}": it may belong to a deleted project`);
    return { projectId: run.projectId, runId, nodeId, port };
  };
  return {
    'outputs.files': ({ runId, nodeId, port }) => {
      const key = keyOf(runId, nodeId, port);
      const manifest = readManifest(root, key);
      if (!manifest) return { kept: false, files: [], notKept: [], omitted: 0 };
      // The previous run is the latest earlier run of the same pipeline that kept this output.
      const run = host.store.runs.get(runId)!;
      const earlier = host.store.runs
        .list({ pipelineId: run.pipelineId, limit: 50 })
        .filter((r) => r.startedAt < run.startedAt)
        .sort((a, b) => b.startedAt - a.startedAt);
      for (const r of earlier) {
        const files = readManifest(root, { ...key, runId: r.id })?.files;
        if (files) return { kept: true, ...manifest, previous: { runId: r.id, files } };
      }
      return { kept: true, ...manifest };
    },
    'outputs.file': ({ runId, nodeId, port, path }) => {
      const matcher = host.store.secrets.matcher();
      return readKeptFile(root, keyOf(runId, nodeId, port), path, (text) => matcher.redact(text));
    },
  };
}
