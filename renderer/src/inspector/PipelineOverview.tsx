import { isPipelineNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { useRuns } from '../state/runs';
import { ProblemsList } from './ProblemsList';
import { SetupProblems, useSetupNeeds } from './SetupProblems';

/** With nothing selected: the pipeline's problems, size and the last run's outputs. */
export function PipelineOverview() {
  const meta = useGraph((s) => s.meta);
  const count = useGraph((s) => s.nodes.filter(isPipelineNode).length);
  const edgeCount = useGraph((s) => s.edges.length);
  const issues = useGraph((s) => s.issues);
  const setupNeeds = useSetupNeeds().length;
  const outputs = useRuns((s) => (s.viewing ?? s.current)?.outputs);
  return (
    <div>
      <h3>{meta?.name ?? 'Pipeline'}</h3>
      <p className="faint">
        {count} node{count === 1 ? '' : 's'} · {edgeCount} connection{edgeCount === 1 ? '' : 's'}
      </p>
      {meta?.description && <p className="muted">{meta.description}</p>}
      <div className="section-title">Problems</div>
      <SetupProblems />
      {issues.length === 0 ? (
        setupNeeds === 0 && <p className="faint">None: the pipeline can run.</p>
      ) : (
        <ProblemsList />
      )}
      {outputs && Object.keys(outputs).length > 0 && (
        <div className="outputs">
          <div className="section-title">Outputs of the run shown</div>
          {Object.entries(outputs).map(([k, v]) => (
            <div className="field" key={k}>
              <div className="field-label">{k}</div>
              <pre>{typeof v === 'string' ? v : JSON.stringify(v, null, 2)}</pre>
            </div>
          ))}
        </div>
      )}
      <div className="section-title">Tips</div>
      <p className="faint">Select a node to edit its parameters. Press <span className="kbd">?</span> for every shortcut.</p>
    </div>
  );
}
