import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerClient } from '../adapters/docker';
import { removeProject, testProject } from '../adapters/docker/docker.test-support';
import { bundledFiles, readBundled, templatesDir } from '../api/templates';
import type { RunSummary } from '../engine/run-result';
import { openHost, type Host } from '../host';
import { startRun } from '../run-pipeline';
import type { NodeInstance, Pipeline } from '../../nodes/sdk';

/*
 * Running the bundled templates (resources/templates) as a person would after opening one from
 * the gallery: the real host (engine, SQLite store, Docker client, secrets), one project each,
 * and everything a run started removed afterwards.
 */

/**
 * Which test file runs which template. A template added to resources/templates without a line
 * here fails gallery-coverage.test.ts: every bundled template is run in CI.
 */
export const RUN_BY = {
  'offline-templates.test.ts': [
    'hello-shell.json',
    'offline-node-api.json',
    'software-team.json',
    'blueprint-to-deploy.json',
    'api-from-blueprint.json',
    'meta-pipeline.json',
    'ask-app.json',
    'iac-postgres.json',
  ],
  'model-templates.test.ts': ['blueprint-to-deploy-llm.json', 'ollama-code-generator.json', 'vllm-codestral-vscode.json'],
} as const;

export const allBundled = (): string[] => bundledFiles(templatesDir());

/** The bundled template as the gallery opens it, with `change` applied to a copy (what CI must point elsewhere). */
export function template(file: string, change?: (doc: Pipeline, node: (id: string) => NodeInstance) => void): Pipeline {
  const doc = structuredClone(readBundled(templatesDir(), file));
  const node = (id: string) => {
    const found = doc.nodes.find((n) => n.id === id);
    if (!found) throw new Error(`${file} has no node "${id}"`);
    return found;
  };
  change?.(doc, node);
  return doc;
}

export interface TemplateRun {
  summary: RunSummary;
  /** Everything node `id` logged in the run. */
  said(id: string): string;
  projectId: string;
}

/** A host in a fresh home, and the projects its runs used, removed by `close`. */
export async function templateHost(docker: DockerClient | undefined, prefix: string) {
  const home = await mkdtemp(join(tmpdir(), `pw-${prefix}-`));
  const host: Host = openHost({ home });
  const projects: string[] = [];
  return {
    host,
    home,
    /** A project id of its own for the template: services are named by project and node. */
    project(doc: Pipeline): string {
      const id = testProject(`${prefix}-${doc.id}`.slice(0, 40));
      projects.push(id);
      return id;
    },
    async run(doc: Pipeline, projectId: string, inputs?: Record<string, unknown>): Promise<TemplateRun> {
      const summary = await startRun(host, { doc, projectId, ...(inputs ? { inputs } : {}) }).handle.done;
      host.store.runs.flush();
      const logs = host.store.runs.logs(summary.runId);
      return { summary, projectId, said: (id) => logs.filter((l) => l.nodeId === id).map((l) => l.chunk).join('') };
    },
    async close(cleanUp: (projectId: string) => Promise<void> = async () => undefined): Promise<void> {
      for (const id of projects) {
        await cleanUp(id);
        for (const s of await host.localServices.list(id)) await host.localServices.stop(s.name);
        if (docker) await removeProject(docker, id);
      }
      host.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A failing run's message names each node that did not succeed and why. */
export function why(summary: RunSummary): string {
  return Object.entries(summary.nodes)
    .filter(([, n]) => n.status !== 'succeeded')
    .map(([id, n]) => `${id}: ${n.status} ${n.error ?? ''}`)
    .join('\n');
}

/** GET url (and path), with a timeout per request: the first request to a fresh container can hang. */
export async function get(url: string, path = '/'): Promise<{ status: number; body: string }> {
  const res = await fetch(new URL(path, url), { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}
