import { useCallback, useEffect, useState } from 'react';
import type { ModelPullEvent, ModelsState } from '../../../preload/contract';
import { call, onEvent } from '../api';
import { useBuiltinModel } from '../state/node-needs';
import { reportError, useUi } from '../state/ui';

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

function timeLeft(s: number | undefined): string {
  if (s === undefined) return '';
  if (s < 60) return `, ${Math.ceil(s)} s left`;
  return `, ${Math.floor(s / 60)} min ${Math.round(s % 60)} s left`;
}

function progressText(p: ModelPullEvent): string {
  const of = p.totalBytes ? ` of ${bytes(p.totalBytes)}` : '';
  return `${bytes(p.receivedBytes)}${of} · ${bytes(p.bytesPerSecond)}/s${timeLeft(p.secondsLeft)}`;
}

/**
 * The built-in local model (the endpoint `builtin`): the recommended models and the installed
 * ones with their size, a download with its progress, a GGUF file added by path, removal, and
 * the model in memory with whether it runs on a GPU.
 */
export function ModelsSettings() {
  const [state, setState] = useState<ModelsState | null>(null);
  const [progress, setProgress] = useState<Record<string, ModelPullEvent>>({});
  const [path, setPath] = useState('');
  const refresh = useCallback(() => {
    // What else shows whether a model is installed (the plan's offer, the canvas's badges) follows.
    useBuiltinModel.getState().load();
    void call('models.list', {}).then(setState, reportError);
  }, []);
  useEffect(() => {
    refresh();
    return onEvent('models.pull', (p) => {
      setProgress((all) => ({ ...all, [p.id]: p }));
      if (p.done) useUi.getState().toast('success', `${p.id} is installed`);
      if (p.error) useUi.getState().toast('error', `${p.id}: ${p.error}`);
      if (p.done || p.error) refresh();
    });
  }, [refresh]);
  if (!state) return <p className="muted">Loading…</p>;
  const pulling = new Set(state.pulling);
  const run = (promise: Promise<unknown>) => void promise.then(refresh, reportError);
  return (
    <div>
      <p className="faint">
        A model that runs inside Pipewright on this machine: no key, no server, nothing leaves the computer. Nodes use it through the
        endpoint <span className="mono">builtin</span>; with no other endpoint configured, it is the default.
      </p>
      <div className="endpoint-card" aria-label="Model in memory">
        {state.loaded ? (
          <span>
            In memory: <strong>{state.loaded.id ?? 'a model'}</strong> on {state.loaded.gpu ? `the GPU (${state.loaded.gpu})` : 'the CPU (no GPU used)'},{' '}
            {state.loaded.contextSize} tokens of context, {state.loaded.threads} {state.loaded.threads === 1 ? 'thread' : 'threads'}
          </span>
        ) : (
          <span className="faint">No model in memory: one loads at its first use and unloads after a few idle minutes.</span>
        )}
      </div>
      <div className="list">
        {state.models.map((m) => {
          const p = progress[m.id];
          const busy = pulling.has(m.id);
          return (
            <div key={m.id} className="list-item" style={{ cursor: 'default' }} aria-label={`Model ${m.id}`}>
              <div className="main">
                <div className="title">
                  {m.name} <span className="faint mono">{m.id}</span>
                  {state.defaultModel === m.id && <span className="faint"> · default</span>}
                </div>
                <div className="sub">
                  {bytes(m.bytes)}
                  {m.for && ` · for ${m.for === 'cpu' ? 'any CPU' : 'a GPU'}`}
                  {m.licence && ` · ${m.licence}`}
                  {m.installed ? (m.source === 'added' ? ` · installed from ${m.path}` : ' · installed') : ''}
                  {!m.installed && !busy && m.partBytes ? ` · ${bytes(m.partBytes)} downloaded: Download resumes` : ''}
                </div>
                {busy && p && (
                  <div>
                    <progress max={p.totalBytes ?? undefined} value={p.receivedBytes} aria-label={`Download of ${m.id}`} />{' '}
                    <span className="faint">{progressText(p)}</span>
                  </div>
                )}
              </div>
              {!m.installed && !busy && (
                <button className="btn small primary" onClick={() => run(call('models.pull', { id: m.id }))}>
                  Download
                </button>
              )}
              {busy && (
                <button className="btn small" onClick={() => run(call('models.cancelPull', { id: m.id }))}>
                  Stop
                </button>
              )}
              {m.installed && (
                <button className="btn small danger" onClick={() => run(call('models.remove', { id: m.id }))}>
                  Remove
                </button>
              )}
            </div>
          );
        })}
      </div>
      <div className="section-title">Add a GGUF file you have</div>
      <div className="endpoint-card">
        <input className="input mono" placeholder="/path/to/model.gguf" aria-label="Model file path" value={path} onChange={(e) => setPath(e.target.value)} />
        <div>
          <button className="btn primary small" disabled={!path.trim()} onClick={() => run(call('models.add', { path: path.trim() }).then(() => setPath('')))}>
            Add model
          </button>
        </div>
      </div>
    </div>
  );
}
