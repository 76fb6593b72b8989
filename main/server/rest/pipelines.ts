import { pipelineInterface } from '../../../nodes/pipeline/interface';
import type { Pipeline } from '../../../nodes/sdk';
import { awaitsReview } from '../../api/keys';
import type { PipelineSummary } from '../../store';
import type { Host } from '../../host';
import { RestError } from './http';
import type { PipelineInfo } from './schemas';

/** What the API says about a saved pipeline: who it is and the interface a run goes through. */
export function pipelineInfo(host: Host, summary: PipelineSummary, doc: Pipeline): PipelineInfo {
  const { inputs, outputs } = pipelineInterface(doc);
  return {
    id: summary.id,
    projectId: summary.projectId,
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    updatedAt: summary.updatedAt,
    inputs,
    outputs,
    ...(awaitsReview(host.store.settings, summary.id) ? { awaitingReview: true as const } : {}),
  };
}

/** Every saved pipeline; one this build cannot read is listed with why, so it can be found and fixed. */
export function listPipelines(host: Host): PipelineInfo[] {
  return host.store.pipelines.list().map((summary) => {
    try {
      const doc = host.store.pipelines.get(summary.id);
      if (doc) return pipelineInfo(host, summary, doc);
    } catch (err) {
      return unreadable(summary, err);
    }
    return unreadable(summary, new Error('it was deleted while listing'));
  });
}

/** The saved pipeline `id` with its document, or a 404 / 409 that says what to do. */
export function savedPipeline(host: Host, id: string): { summary: PipelineSummary; doc: Pipeline } {
  const summary = host.store.pipelines.summary(id);
  if (!summary) {
    throw new RestError(404, `no pipeline "${id}": GET /api/v1/pipelines lists the saved ones`);
  }
  let doc: Pipeline | undefined;
  try {
    doc = host.store.pipelines.get(id);
  } catch (err) {
    throw new RestError(409, `pipeline "${id}" cannot be read: ${err instanceof Error ? err.message : String(err)}; open it in Pipewright to repair or export it`);
  }
  if (!doc) throw new RestError(404, `no pipeline "${id}": it was deleted`);
  return { summary, doc };
}

function unreadable(summary: PipelineSummary, err: unknown): PipelineInfo {
  return {
    id: summary.id,
    projectId: summary.projectId,
    name: summary.name,
    updatedAt: summary.updatedAt,
    inputs: [],
    outputs: [],
    error: err instanceof Error ? err.message : String(err),
  };
}
