import { useEffect, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { compactCount, dollarsText } from '../../../nodes/sdk';
import type { UsageTotalsInfo } from '../../../preload/contract';
import { call } from '../api';
import { useGraph } from '../state/graph';
import { useRuns } from '../state/runs';
import { reportError } from '../state/ui';
import { useUsage } from '../state/usage';

const tokensOf = (t: UsageTotalsInfo) => t.promptTokens + t.completionTokens;

/**
 * The project's LLM budget where its spending is shown, edited in place: a click turns it into
 * a field, Enter saves (empty for no limit), Escape leaves it as it was.
 */
export function BudgetInline({ budget, spent, onSave }: { budget: number | null; spent: number; onSave: (usd: number | null) => Promise<void> }) {
  const [editing, setEditing] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const keep = (e: SyntheticEvent) => e.stopPropagation();
  if (editing !== undefined) {
    const save = async () => {
      const text = editing.trim().replace(/^\$/, '');
      const usd = text === '' ? null : Number(text);
      if (usd !== null && (!Number.isFinite(usd) || usd < 0)) {
        setProblem('enter an amount of dollars, such as 5 or 0.50, or leave it empty for no limit');
        return;
      }
      try {
        await onSave(usd);
        setEditing(undefined);
        setProblem(undefined);
      } catch (err) {
        reportError(err);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Enter') void save();
      if (e.key === 'Escape') setEditing(undefined);
    };
    return (
      <span className="pw-budget-edit" onClick={keep}>
        budget $
        <input
          autoFocus
          className="input"
          aria-label="Project budget in US dollars"
          inputMode="decimal"
          placeholder="no limit"
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => void save()}
        />
        {problem && <span className="field-error" role="alert">{problem}</span>}
      </span>
    );
  }
  return (
    <button
      className="link"
      title="Runs stop calling paid models once the project's spending reaches its budget. Click to change it."
      onClick={(e) => {
        keep(e);
        setEditing(budget === null ? '' : String(budget));
      }}
      onKeyDown={keep}
    >
      {budget === null ? 'no budget' : `of ${dollarsText(budget)} budget${spent >= budget ? ' (reached)' : ''}`}
    </button>
  );
}

/** Top bar: what the run on screen and the whole project spent on models, and the budget. */
export function CostSummary() {
  const projectId = useGraph((s) => s.projectId);
  const runId = useRuns((s) => (s.viewing ?? s.current)?.id);
  const status = useRuns((s) => (s.viewing ?? s.current)?.status);
  const report = useUsage((s) => s.report);
  useEffect(() => {
    if (projectId) useUsage.getState().refresh(projectId, runId).catch(reportError);
  }, [projectId, runId, status]);
  if (!projectId || !report) return null;
  const { run, project, budget } = report;
  return (
    <div className="pw-cost" data-testid="cost-summary" data-over={budget !== null && project.cost >= budget}>
      <span className="faint">LLM</span>
      {run && run.calls > 0 && (
        // Tokens in the tooltip: the top bar is narrow, and the node, the inspector and the run
        // history show them.
        <span data-testid="run-spend" title={`This run: ${run.calls} model call${run.calls === 1 ? '' : 's'}, ${tokensOf(run)} tokens`}>
          run <b>{dollarsText(run.cost)}</b> ·
        </span>
      )}
      <span title={`This project: ${project.calls} model call${project.calls === 1 ? '' : 's'}, ${tokensOf(project)} tokens`}>
        project <b>{dollarsText(project.cost)}</b>
      </span>
      <BudgetInline budget={budget} spent={project.cost} onSave={(usd) => useUsage.getState().setBudget(projectId, usd, runId)} />
    </div>
  );
}

/** Inspector: the node's model calls in the run on screen. */
export function NodeCost({ nodeId }: { nodeId: string }) {
  const totals = useUsage((s) => s.report?.nodes[nodeId]);
  if (!totals) return null;
  return (
    <div className="pw-cost" data-testid="node-cost">
      LLM in this run: <b>{dollarsText(totals.cost)}</b> · {compactCount(tokensOf(totals))} tokens ({totals.promptTokens} in, {totals.completionTokens} out) ·{' '}
      {totals.calls} call{totals.calls === 1 ? '' : 's'}
    </div>
  );
}

/** Project card: what the project spent on models, and its budget, editable there. */
export function ProjectCost({ projectId }: { projectId: string }) {
  const [spent, setSpent] = useState<{ cost: number; budget: number | null } | undefined>();
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    call('usage.get', { projectId })
      .then((r) => setSpent({ cost: r.project.cost, budget: r.budget }))
      .catch(reportError);
  }, [projectId, asked]);
  if (!spent) return null;
  return (
    <div className="pw-cost" data-testid="project-cost" onClick={(e) => e.stopPropagation()}>
      LLM <b>{dollarsText(spent.cost)}</b>
      <BudgetInline
        budget={spent.budget}
        spent={spent.cost}
        onSave={async (usd) => {
          await call('budget.set', { projectId, usd });
          setAsked((n) => n + 1);
        }}
      />
    </div>
  );
}

/** Run history: what one run spent on models, when it called any. */
export function RunCost({ runId }: { runId: string }) {
  const totals = useUsage((s) => s.report?.runs[runId]);
  if (!totals) return null;
  return (
    <span className="pw-cost" data-testid="run-cost">
      · {dollarsText(totals.cost)} · {compactCount(tokensOf(totals))} tokens
    </span>
  );
}
