import { definitionsByKind } from '../../nodes/definitions';
import { portsOf, type Pipeline, type PortEnv, type ResolvedPorts } from '../../nodes/sdk';
import { budgetKey, type CallHandlers, type TemplateManifest } from '../../preload/contract';
import type { Host } from '../host';
import { allPipelineKeys, pipelineKeys } from './keys';
import { forgetRunFiles } from '../run-files';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

export function projectHandlers(host: Host, changed: () => void) {
  const { store } = host;
  const handlers: Handlers<
    'projects.list' | 'projects.create' | 'projects.rename' | 'projects.duplicate' | 'projects.delete'
  > = {
    'projects.list': () => store.projects.list(),
    'projects.create': ({ name }) => {
      const project = store.projects.create({ name });
      changed();
      return project;
    },
    'projects.rename': ({ id, name }) => {
      const project = store.projects.rename(id, name);
      changed();
      return project;
    },
    'projects.duplicate': ({ id, name }) => {
      const project = store.projects.duplicate(id, name);
      // A copy of a project kept under an LLM budget is kept under the same one (its spending starts afresh).
      const budget = store.settings.get(budgetKey(id));
      if (budget !== undefined) store.settings.set(budgetKey(project.id), budget);
      changed();
      return project;
    },
    'projects.delete': ({ id }) => {
      const pipelines = store.pipelines.list(id);
      const deleted = store.projects.delete(id);
      if (deleted) {
        for (const p of pipelines) for (const key of allPipelineKeys(p.id)) store.settings.delete(key);
        store.settings.delete(budgetKey(id));
        forgetRunFiles(host.home, id);
      }
      changed();
      return { deleted };
    },
  };
  return handlers;
}

export function pipelineHandlers(host: Host, loadPipeline: PortEnv['loadPipeline']) {
  const { store } = host;
  const handlers: Handlers<
    | 'pipeline.open'
    | 'pipeline.save'
    | 'pipeline.saveRevision'
    | 'pipeline.revisions'
    | 'pipeline.revision'
    | 'pipeline.validate'
    | 'pipeline.history'
    | 'pipeline.saveHistory'
    | 'pipeline.create'
  > = {
    'pipeline.open': ({ id }) => {
      const doc = store.pipelines.get(id);
      const summary = store.pipelines.summary(id);
      if (!doc || !summary) throw new Error(`no pipeline "${id}": it may have been deleted; go back to the project list`);
      const review = store.settings.get<TemplateManifest>(pipelineKeys.review(id));
      return { doc, projectId: summary.projectId, ...(review ? { review } : {}) };
    },
    'pipeline.save': ({ doc, projectId }) => store.pipelines.save(doc, projectId),
    'pipeline.saveRevision': ({ id, message }) => {
      const rev = store.pipelines.saveRevision(id, message);
      return store.pipelines.revisions(id).find((r) => r.rev === rev)!;
    },
    'pipeline.revisions': ({ id }) => store.pipelines.revisions(id),
    'pipeline.revision': ({ id, rev }) => {
      const doc = store.pipelines.getRevision(id, rev);
      if (!doc) throw new Error(`pipeline "${id}" has no revision ${rev}`);
      return doc;
    },
    'pipeline.validate': ({ doc }) => ({ issues: host.engine.validate(doc), ports: resolvedPorts(doc, loadPipeline) }),
    'pipeline.history': ({ id }) => store.undoHistory.get(id),
    'pipeline.saveHistory': ({ id, change }) => {
      store.undoHistory.write(id, change);
      return { ok: true as const };
    },
    'pipeline.create': ({ doc, projectId }) => {
      if (!store.projects.get(projectId)) throw new Error(`no project "${projectId}" to add pipeline "${doc.name}" to: it may have been deleted`);
      // A project's main pipeline shares the project's id, so a new id must be free of both.
      const taken = (id: string) => store.pipelines.summary(id) !== undefined || store.projects.get(id) !== undefined;
      let id = doc.id;
      for (let n = 2; taken(id); n++) id = `${doc.id.slice(0, 190)}-${n}`;
      return store.pipelines.save({ ...doc, id }, projectId);
    },
  };
  return handlers;
}

/** Ports of the nodes whose ports depend on their params, as main resolves them (sub-pipelines). */
function resolvedPorts(doc: Pipeline, loadPipeline: PortEnv['loadPipeline']): Record<string, ResolvedPorts> {
  const out: Record<string, ResolvedPorts> = {};
  for (const node of doc.nodes) {
    const def = definitionsByKind.get(node.kind);
    if (!def?.resolvePorts) continue;
    const params = def.params.safeParse(node.params);
    if (!params.success) continue;
    try {
      out[node.id] = portsOf(def, params.data, { loadPipeline });
    } catch {
      // Unresolvable ports are reported by validate as an issue on the node.
    }
  }
  return out;
}
