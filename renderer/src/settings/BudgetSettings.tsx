import { useEffect, useState } from 'react';
import { call } from '../api';
import { useGraph } from '../state/graph';
import { reportError } from '../state/ui';
import { Saved } from './Saved';

/** The open project's LLM spending limit: runs stop calling paid models once it is reached. */
export function BudgetSettings() {
  const projectId = useGraph((s) => s.projectId);
  const [usd, setUsd] = useState<number | null>(null);
  useEffect(() => {
    if (projectId) call('budget.get', { projectId }).then((b) => setUsd(b.usd), reportError);
  }, [projectId]);
  if (!projectId) return <p className="muted">Budgets are per project: open a project to set its budget.</p>;
  return (
    <Saved
      label="LLM budget for this project (USD)"
      type="number"
      help="Runs of this project stop calling paid models once their spending reaches it. Empty for no limit."
      value={usd === null ? '' : String(usd)}
      onSave={async (v) => {
        const next = v.trim() === '' ? null : Number(v);
        await call('budget.set', { projectId, usd: next });
        setUsd(next);
      }}
    />
  );
}
