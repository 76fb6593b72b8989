import { useEffect, useState } from 'react';
import type { DiagnoseAnswer, FixAnswer } from '../../../preload/contract/diagnose';
import { call } from '../api';

type State =
  | { step: 'idle' }
  | { step: 'diagnosing' }
  | { step: 'diagnosed'; answer: DiagnoseAnswer }
  | { step: 'fixing'; answer: DiagnoseAnswer }
  | { step: 'fixed'; answer: DiagnoseAnswer; fix: FixAnswer }
  | { step: 'failed'; message: string; answer?: DiagnoseAnswer };

/**
 * Diagnose on a failed node: the likely cause, the lines that show it and the fix; when the fix
 * is a change to the workspace, Fix it hands it to the code generator's agent and runs again
 * from the node.
 */
export function DiagnoseCard({ runId, nodeId }: { runId: string; nodeId: string }) {
  const [state, setState] = useState<State>({ step: 'idle' });
  useEffect(() => setState({ step: 'idle' }), [runId, nodeId]);

  const diagnose = () => {
    setState({ step: 'diagnosing' });
    call('runs.diagnose', { runId, nodeId, model: false })
      .then((answer) => setState({ step: 'diagnosed', answer }))
      .catch((err: Error) => setState({ step: 'failed', message: err.message }));
  };
  const fix = (answer: DiagnoseAnswer) => {
    setState({ step: 'fixing', answer });
    call('runs.fix', { runId, nodeId, model: false })
      .then((result) => setState({ step: 'fixed', answer, fix: result }))
      .catch((err: Error) => setState({ step: 'failed', message: err.message, answer }));
  };

  if (state.step === 'idle' || state.step === 'diagnosing') {
    return (
      <div className="row" style={{ marginBottom: 10 }}>
        <button className="btn small" onClick={diagnose} disabled={state.step === 'diagnosing'} data-testid="diagnose">
          {state.step === 'diagnosing' ? 'Diagnosing…' : 'Diagnose'}
        </button>
      </div>
    );
  }
  const answer = 'answer' in state ? state.answer : undefined;
  const d = answer?.diagnosis;
  return (
    <div className="diagnosis" data-testid="diagnosis" style={{ marginBottom: 10 }}>
      {answer && !d && (
        <p>
          No offline rule knows this failure{answer.modelError ? `, and the model could not be asked: ${answer.modelError}` : ''}. Route
          the troubleshooting task to a model in Settings to ask one.
        </p>
      )}
      {d && (
        <>
          <p>
            <b>Cause:</b> {d.cause}
          </p>
          <pre className="mono" style={{ whiteSpace: 'pre-wrap' }}>{d.evidence.join('\n')}</pre>
          <p>
            <b>Fix:</b> {d.fix}
          </p>
          <p className="faint">
            {d.source === 'model' ? 'answered by the model' : `offline rule ${d.source}`}, confidence {d.confidence}
          </p>
          {d.fixInWorkspace && state.step !== 'fixed' && (
            <button className="btn small" onClick={() => fix(answer!)} disabled={state.step === 'fixing'} data-testid="fix-it"
              title="The code generator's agent changes the workspace as the fix says, then the pipeline runs again from this node">
              {state.step === 'fixing' ? 'Fixing…' : 'Fix it'}
            </button>
          )}
        </>
      )}
      {state.step === 'fixed' && (
        <p data-testid="fix-result">
          {state.fix.rerun
            ? `Fixed and ran again from this node: ${state.fix.rerun.status}${state.fix.rerun.error ? ` (${state.fix.rerun.error.split('\n')[0]})` : ''}`
            : `The agent could not make the fix: ${state.fix.fixRun.error ?? state.fix.fixRun.status}`}
        </p>
      )}
      {state.step === 'failed' && <p className="field-error">{state.message}</p>}
    </div>
  );
}
