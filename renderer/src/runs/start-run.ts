import type { Pipeline } from '../../../nodes/sdk';
import { call } from '../api';
import { noteRunDocument } from '../state/ran-with';
import { initialValues, parseValues, runFields, useRunForm, type RawValues } from '../state/run-inputs';
import { useUi } from '../state/ui';

/**
 * Runs the whole pipeline from the editor: straight away when it takes no inputs, else after the
 * run form. Main starts it at once when nothing runs, or queues it behind the run going on.
 */
export async function runWithInputs(projectId: string, doc: Pipeline): Promise<void> {
  const fields = runFields(doc);
  if (!fields.length) {
    await enqueue(projectId, doc, {});
    return;
  }
  const { last, presets } = await call('runform.get', { projectId, pipelineId: doc.id });
  useRunForm.setState({ doc, projectId, fields, values: initialValues(fields, last), errors: {}, problem: undefined, presets, preset: undefined, busy: false });
}

async function enqueue(projectId: string, doc: Pipeline, inputs: Record<string, unknown>): Promise<void> {
  const { runId, queued } = await call('runs.enqueue', { projectId, doc, inputs });
  if (runId) {
    noteRunDocument(runId, doc);
    useUi.getState().setLogsOpen(true);
  } else if (queued) {
    useUi.getState().toast('info', `Queued: "${queued.pipelineName}" runs when the run going on ends (Queue in the top bar to change the order)`);
  }
}

export function isRunFormOpen(): boolean {
  return useRunForm.getState().doc !== undefined;
}

export function closeRunForm(): void {
  useRunForm.setState({ doc: undefined, projectId: undefined, fields: [], values: {}, errors: {}, problem: undefined, busy: false });
}

export function setRunValue(name: string, value: string | boolean): void {
  const { values, errors } = useRunForm.getState();
  const { [name]: _fixed, ...rest } = errors;
  useRunForm.setState({ values: { ...values, [name]: value }, errors: rest, problem: undefined });
}

/** Checks what was typed and runs (or queues) the pipeline with it; errors stay in the form. */
export async function submitRunForm(): Promise<void> {
  const { doc, projectId, fields, values, busy } = useRunForm.getState();
  if (!doc || !projectId || busy) return;
  const { inputs, errors } = parseValues(fields, values);
  if (Object.keys(errors).length) {
    useRunForm.setState({ errors });
    return;
  }
  useRunForm.setState({ busy: true });
  try {
    await enqueue(projectId, doc, inputs);
    closeRunForm();
  } catch (err) {
    useRunForm.setState({ busy: false, problem: (err as Error).message });
  }
}

export function pickPreset(name: string): void {
  const { presets, fields } = useRunForm.getState();
  const preset = presets.find((p) => p.name === name);
  if (!preset) return;
  const values: RawValues = initialValues(fields, preset.inputs);
  useRunForm.setState({ values, errors: {}, problem: undefined, preset: name });
}

/** Saves what is typed now as a preset of the project (replacing one of the same name). */
export async function savePreset(name: string): Promise<void> {
  const { projectId, fields, values } = useRunForm.getState();
  if (!projectId) return;
  const { inputs, errors } = parseValues(fields, values);
  if (Object.keys(errors).length) {
    useRunForm.setState({ errors });
    return;
  }
  try {
    const saved = await call('runform.savePreset', { projectId, name, inputs });
    const presets = [...useRunForm.getState().presets.filter((p) => p.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name));
    useRunForm.setState({ presets, preset: saved.name, problem: undefined });
  } catch (err) {
    useRunForm.setState({ problem: (err as Error).message });
  }
}

export async function deletePreset(name: string): Promise<void> {
  const { projectId } = useRunForm.getState();
  if (!projectId) return;
  try {
    await call('runform.deletePreset', { projectId, name });
    const { presets, preset } = useRunForm.getState();
    useRunForm.setState({ presets: presets.filter((p) => p.name !== name), preset: preset === name ? undefined : preset });
  } catch (err) {
    useRunForm.setState({ problem: (err as Error).message });
  }
}
