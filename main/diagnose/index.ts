import type { DiagnoseAnswer } from '../../preload/contract/diagnose';
import { LlmService, type BuiltinChat } from '../adapters/llm/llm-service';
import type { Store } from '../store';
import { gatherContext } from './context';
import type { DiagnoseContext, Diagnosis } from './diagnosis';
import { askModel } from './model-answer';
import { diagnoseOffline } from './rules';

export type { DiagnoseContext, Diagnosis, ContextFile } from './diagnosis';
export { DiagnoseError, gatherContext } from './context';
export { diagnoseOffline } from './rules';

export interface DiagnoseOptions {
  /** Ask the model even when an offline rule knows the failure. */
  model?: boolean;
  /** Skip the model: offline rules only. */
  offline?: boolean;
  signal?: AbortSignal;
  /** The built-in local model: the model asked when no endpoint is configured. */
  builtin?: BuiltinChat;
}

export interface DiagnoseResult {
  context: DiagnoseContext;
  /** Undefined when no rule knew the failure and no model could be asked. */
  diagnosis?: Diagnosis;
  /** Why no model answered, when one was wanted. */
  modelError?: string;
}

/**
 * Diagnoses one failed node of a stored run: offline rules first; a model routed for
 * `troubleshooting` when no rule knows the failure (or when asked), its call cached and costed
 * against the run's project like every call.
 */
export async function diagnoseRun(store: Store, runId: string, nodeId: string | undefined, options: DiagnoseOptions = {}): Promise<DiagnoseResult> {
  const context = gatherContext(store, runId, nodeId);
  const offline = diagnoseOffline(context);
  if (options.offline || (offline && !options.model)) return { context, ...(offline ? { diagnosis: offline } : {}) };
  const projectId = store.runs.get(runId)!.projectId;
  const service = new LlmService({ store, builtin: options.builtin });
  const signal = options.signal ?? new AbortController().signal;
  try {
    const diagnosis = await askModel((request) => service.chat(request, { projectId, runId, nodeId: context.nodeId, signal }), context);
    return { context, diagnosis };
  } catch (err) {
    return { context, ...(offline ? { diagnosis: offline } : {}), modelError: (err as Error).message };
  }
}

/** The result as `runs.diagnose` answers it: the files by name, not their text. */
export function diagnoseAnswer({ context, diagnosis, modelError }: DiagnoseResult): DiagnoseAnswer {
  return {
    nodeId: context.nodeId,
    kind: context.kind,
    error: context.error,
    ...(diagnosis ? { diagnosis } : {}),
    ...(modelError ? { modelError } : {}),
    files: context.files.map((f) => f.path),
  };
}
