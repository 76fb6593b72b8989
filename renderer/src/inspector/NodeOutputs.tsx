import type { NodeRunView } from '../state/runs';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** What the node produced in the run shown (or why it failed). */
export function NodeOutputs({ view }: { view: NodeRunView }) {
  return (
    <div className="outputs" data-testid="node-outputs">
      <div className="section-title">Result of the run shown</div>
      {view.error && <pre style={{ color: 'var(--danger)' }}>{view.error}</pre>}
      {view.outputs && Object.keys(view.outputs).length > 0
        ? Object.entries(view.outputs).map(([port, value]) => (
            <div key={port} className="field">
              <div className="field-label">{port}</div>
              <pre>{show(value)}</pre>
            </div>
          ))
        : !view.error && <p className="faint">No outputs yet.</p>}
    </div>
  );
}
