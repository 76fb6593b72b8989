import { useGraph } from '../state/graph';
import { useLoudIssueCount } from '../state/fresh-nodes';
import { useProjects } from '../state/projects';
import { isRunning, useRuns } from '../state/runs';
import { cancelRun, run } from '../state/session';
import { reportError, useUi } from '../state/ui';
import { exportPipeline } from '../templates/import-file';
import { goHome } from '../route';
import { Brand } from '../ui/Brand';
import { StatusBadge } from '../canvas/StatusBadge';
import { Breadcrumb } from './Breadcrumb';
import { makeSubPipeline } from './make-sub-pipeline';
import { RevisionsButton } from './RevisionsButton';
import { SaveState } from './SaveState';
import { ArrangeIcon, PlayIcon, RedoIcon, SettingsIcon, StopIcon, UndoIcon, WarningIcon } from '../ui/icons';
import { arrangeGraph } from './arrange';
import { CostSummary } from '../runs/CostSummary';
import { RunForm } from '../runs/RunForm';
import { RunQueue } from '../runs/RunQueue';
import { useRunTitle } from '../runs/run-title';

export function Toolbar() {
  const pipelineId = useGraph((s) => s.pipelineId);
  const projectId = useGraph((s) => s.projectId);
  const canUndo = useGraph((s) => s.past.length > 0 && !s.readOnly);
  const canRedo = useGraph((s) => s.future.length > 0 && !s.readOnly);
  const issueCount = useLoudIssueCount();
  const readOnly = useGraph((s) => s.readOnly);
  const project = useProjects((s) => s.projects.find((p) => p.id === projectId));
  const running = useRuns(isRunning);
  // The run on screen: a past one while it is open, else the latest.
  const current = useRuns((s) => s.viewing ?? s.current);
  const openDialog = useUi((s) => s.openDialog);
  const logsOpen = useUi((s) => s.logsOpen);
  const setLogsOpen = useUi((s) => s.setLogsOpen);
  useRunTitle();

  const rename = () =>
    project &&
    openDialog({
      type: 'prompt',
      title: 'Rename project',
      label: 'Name',
      value: project.name,
      confirm: 'Rename',
      onConfirm: (name) => useProjects.getState().rename(project.id, name),
    });

  return (
    <header className="topbar">
      <Brand onClick={goHome} />
      <span className="crumb-sep">/</span>
      <button className="project-name" title="Rename" onClick={rename} data-testid="project-name">
        {project?.name ?? '…'}
      </button>
      <Breadcrumb />
      <SaveState />
      <span className="spacer" />
      <div className="toolbar-group">
        <button className="btn ghost icon" title="Undo (Ctrl+Z)" aria-label="Undo" disabled={!canUndo} onClick={() => useGraph.getState().undo()}>
          <UndoIcon size={16} aria-hidden="true" />
        </button>
        <button className="btn ghost icon" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" disabled={!canRedo} onClick={() => useGraph.getState().redo()}>
          <RedoIcon size={16} aria-hidden="true" />
        </button>
        <button className="btn ghost small" title="Lay the graph out left to right along its edges (Shift+L)" disabled={readOnly} onClick={arrangeGraph}>
          <ArrangeIcon size={14} aria-hidden="true" /> Arrange
        </button>
        <button
          className="btn ghost small"
          title="Make a sub-pipeline from the selected nodes: they become a pipeline of their own, run here by one node"
          disabled={readOnly}
          onClick={makeSubPipeline}
        >
          Make sub-pipeline
        </button>
      </div>
      <span className="toolbar-sep" />
      {issueCount > 0 && (
        <button className="btn ghost small" style={{ color: 'var(--danger)' }} onClick={() => {
            useGraph.getState().selectOnly(undefined);
            useUi.getState().setSideTab('inspector');
          }}
          title="What stops the pipeline from running: click to list them"
        >
          <WarningIcon size={14} aria-hidden="true" /> {issueCount} problem{issueCount === 1 ? '' : 's'}
        </button>
      )}
      <CostSummary />
      {current && <StatusBadge status={current.status} startedAt={current.startedAt} finishedAt={current.finishedAt} testId="run-status" />}
      <RunQueue />
      {running && (
        <button className="btn danger" onClick={() => void cancelRun()} title="Cancel the run">
          <StopIcon size={13} aria-hidden="true" /> Cancel
        </button>
      )}
      <button className={running ? 'btn' : 'btn primary'} onClick={() => void run().catch(reportError)} title={running ? 'Queue another run: it starts when this one ends (Ctrl+Enter)' : 'Run the pipeline (Ctrl+Enter)'}>
        <PlayIcon size={14} aria-hidden="true" /> Run
      </button>
      <RunForm />
      <span className="toolbar-sep" />
      <button className="btn ghost" onClick={() => setLogsOpen(!logsOpen)} aria-pressed={logsOpen}>
        Logs
      </button>
      <RevisionsButton />
      <button className="btn ghost" onClick={() => pipelineId && void exportPipeline(pipelineId).catch(reportError)}>
        Export
      </button>
      <button className="btn ghost icon" aria-label="Settings" title="Settings" onClick={() => openDialog({ type: 'settings' })}>
        <SettingsIcon size={16} aria-hidden="true" />
      </button>
      <button className="btn ghost icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => openDialog({ type: 'help' })}>
        ?
      </button>
    </header>
  );
}
