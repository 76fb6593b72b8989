import type { Pipeline } from '../../../nodes/sdk';
import type { RunScope } from '../../../preload/contract';
import { call, onEvent } from '../api';
import { useGraph } from './graph';
import { logBook } from './log-book';
import { useRuns } from './runs';
import { noteRunDocument } from './ran-with';
import { isRunFormOpen, runWithInputs, submitRunForm } from '../runs/start-run';
import { stoppedByProblems } from '../runs/run-guard';
import { watchFailures } from '../runs/on-failure';
import { reportError, useUi } from './ui';
import { historyChange, readHistory, savedFrom, type SavedHistory, type UndoStacks } from './undo-history';

// The editor's side effects: opening a pipeline, autosave, validation, history persistence and
// runs. Stores hold state and actions; this module connects them to main.

const SAVE_DELAY_MS = 400;
const VALIDATE_DELAY_MS = 300;

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let validateTimer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> = Promise.resolve();
let savedRevision = 0;
/** The undo history as main holds it, so an autosave sends only the steps that changed. */
let savedHistory: { pipelineId: string; saved: SavedHistory } | undefined;
let unsubscribe: (() => void) | undefined;

/** Opens a project's main pipeline in the editor, with its undo history and any run in progress. */
export async function openPipeline(pipelineId: string): Promise<void> {
  closePipeline();
  const [opened, stored, active, runs] = await Promise.all([
    call('pipeline.open', { id: pipelineId }),
    // Without its undo history a pipeline still opens: undo then starts from here.
    call('pipeline.history', { id: pipelineId }).catch((err: unknown) => {
      reportError(new Error(`the undo history of this pipeline could not be read (${(err as Error).message}): undo starts from here`));
      return undefined;
    }),
    call('runs.active', { pipelineId }),
    call('runs.list', { pipelineId, limit: 50 }),
  ]);
  const history = stored ? readHistory(stored) : { past: [], future: [] };
  useGraph.getState().load(opened, history);
  savedRevision = 0;
  // What could not be read is not main's copy: the next save replaces it.
  savedHistory = stored ? { pipelineId, saved: savedFrom(stored, history) } : undefined;
  const runState = useRuns.getState();
  runState.reset();
  runState.setHistory(runs);
  if (active[0]) {
    // A run started before a reload: show where it is and fetch what it printed so far.
    runState.showDetail(active[0], 'live');
    logBook.fill(active[0].run.id, await call('runs.logs', { runId: active[0].run.id }));
  } else if (runs[0]) {
    const detail = await call('runs.get', { runId: runs[0].id });
    runState.showDetail(detail, 'live');
  }
  if (opened.review) {
    useUi.getState().openDialog({ type: 'review', manifest: opened.review, pipelineId });
  }
  validateNow();
  unsubscribe = useGraph.subscribe((s, prev) => {
    if (s.pipelineId !== pipelineId) return;
    if (s.revision !== prev.revision) {
      scheduleSave();
      scheduleValidate();
    }
  });
}

export function closePipeline(): void {
  unsubscribe?.();
  unsubscribe = undefined;
  if (saveTimer) void saveNow();
  clearTimeout(validateTimer);
}

function scheduleSave(): void {
  useUi.getState().setSaveState('saving');
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
}

/** Saves the graph now if it changed; resolves when it is on disk. */
export function saveNow(): Promise<void> {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  saving = saving.then(async () => {
    const graph = useGraph.getState();
    if (!graph.meta || !graph.projectId || graph.readOnly || graph.revision === savedRevision) return;
    const revision = graph.revision;
    try {
      await call('pipeline.save', { doc: graph.document(), projectId: graph.projectId });
      // The undo history is saved with the graph, so "Saved" means a reload loses nothing; only
      // the steps made since the last save travel, not the whole history.
      const id = graph.pipelineId!;
      const history = historyChange(graph, savedHistory?.pipelineId === id ? savedHistory.saved : undefined);
      if (history) {
        await call('pipeline.saveHistory', { id, change: history.change });
        savedHistory = { pipelineId: id, saved: history.saved };
      }
      savedRevision = revision;
      if (useGraph.getState().revision === revision) useUi.getState().setSaveState('saved');
    } catch (err) {
      useUi.getState().setSaveState('error', (err as Error).message);
    }
  });
  return saving;
}

function scheduleValidate(): void {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validateNow, VALIDATE_DELAY_MS);
}

function validateNow(): void {
  const graph = useGraph.getState();
  if (!graph.meta) return;
  const id = graph.pipelineId;
  call('pipeline.validate', { doc: graph.document() })
    .then(({ issues, ports }) => {
      if (useGraph.getState().pipelineId === id) useGraph.getState().setValidation(issues, ports);
    })
    .catch(reportError);
}

/** Saves a named revision (Ctrl+S). */
export async function saveRevision(message: string): Promise<void> {
  await saveNow();
  const id = useGraph.getState().pipelineId;
  if (!id) return;
  const rev = await call('pipeline.saveRevision', { id, message });
  useUi.getState().toast('success', `Saved revision ${rev.rev}: ${rev.message}`);
}

/** Runs the pipeline (or part of it) as the canvas shows it. */
export async function run(scope: RunScope = { kind: 'all' }): Promise<void> {
  // Ctrl+Enter in the run form runs what it holds.
  if (isRunFormOpen()) return submitRunForm();
  const graph = useGraph.getState();
  if (!graph.meta || !graph.projectId || !graph.pipelineId) return;
  if (graph.readOnly) {
    useUi.getState().toast('info', 'This is a past run: go back to editing to run the pipeline');
    return;
  }
  const opened = await call('pipeline.open', { id: graph.pipelineId });
  if (opened.review) {
    // An imported template runs only after its person has seen what it will run.
    useUi.getState().openDialog({ type: 'review', manifest: opened.review, pipelineId: graph.pipelineId, thenRun: true });
    return;
  }
  if (await stoppedByProblems()) return;
  await saveNow();
  // The whole pipeline asks for its inputs first, and waits its turn behind a run going on.
  if (scope.kind === 'all') return runWithInputs(graph.projectId, graph.document()).catch(reportError);
  try {
    const doc = graph.document();
    const { runId } = await call('runs.start', { projectId: graph.projectId, doc, scope });
    noteRunDocument(runId, doc);
    useUi.getState().setLogsOpen(true);
  } catch (err) {
    reportError(err);
  }
}

export async function cancelRun(): Promise<void> {
  const current = useRuns.getState().current;
  if (current?.status !== 'running') return;
  await call('runs.cancel', { runId: current.id }).catch(reportError);
}

export async function refreshRunHistory(): Promise<void> {
  const id = useGraph.getState().pipelineId;
  if (!id) return;
  useRuns.getState().setHistory(await call('runs.list', { pipelineId: id, limit: 50 }));
}

/** Opens a past run read-only: its document, statuses and outputs. */
export async function viewRun(runId: string): Promise<void> {
  const detail = await call('runs.get', { runId });
  if (!detail.doc) throw new Error(`run ${runId} was recorded without its document and cannot be shown`);
  await saveNow();
  useGraph.getState().setReadOnly(false);
  const graph = useGraph.getState();
  stashed = { doc: graph.document(), past: graph.past, future: graph.future };
  clearTimeout(validateTimer);
  // The run's own document: its comments and groups as they were when it ran.
  graph.load({ doc: detail.doc, projectId: graph.projectId! });
  useGraph.getState().setReadOnly(true);
  useRuns.getState().showDetail(detail, 'view');
  logBook.fill(runId, await call('runs.logs', { runId }));
}

/** The pipeline being edited, kept aside while a past run is shown in its place. */
let stashed: ({ doc: Pipeline } & UndoStacks) | undefined;

/** Leaves a past run and shows the pipeline being edited again. */
export async function backToEditing(): Promise<void> {
  const graph = useGraph.getState();
  if (!stashed || !graph.projectId) return;
  const { doc, past, future } = stashed;
  stashed = undefined;
  graph.load({ doc, projectId: graph.projectId }, { past, future });
  useRuns.getState().closeView();
  const latest = useRuns.getState().current;
  if (latest) useRuns.getState().showDetail(await call('runs.get', { runId: latest.id }), 'live');
  validateNow();
}

let wired = false;

/** Connects engine events to the runs store once per page. */
export function wireEvents(): void {
  if (wired) return;
  wired = true;
  watchFailures();
  onEvent('run.event', (event) => {
    if (event.type === 'run-started' && event.pipelineId !== useGraph.getState().pipelineId) return;
    useRuns.getState().apply(event);
    if (event.type === 'run-finished' || event.type === 'run-started') void refreshRunHistory().catch(reportError);
  });
}
