import { useState } from 'react';
import type { EndpointSetting } from '../../../preload/contract';
import { useSettings } from '../state/settings';
import { reportError } from '../state/ui';

const BLANK = { name: '', baseUrl: 'http://localhost:11434/v1', model: '', apiKeySecret: '' };

/** OpenAI-compatible endpoints nodes may use, by name; the key is a secret's name, never the key. */
export function EndpointsSettings() {
  const endpoints = useSettings((s) => s.values['llm.endpoints']) ?? {};
  const secrets = useSettings((s) => s.secrets.names);
  const [draft, setDraft] = useState(BLANK);
  const save = (next: Record<string, EndpointSetting>) =>
    useSettings.getState().set('llm.endpoints', Object.keys(next).length ? next : undefined).catch(reportError);
  const add = () => {
    const { name, apiKeySecret, ...rest } = draft;
    void save({ ...endpoints, [name.trim()]: { ...rest, ...(apiKeySecret ? { apiKeySecret } : {}) } }).then(() => setDraft(BLANK));
  };
  return (
    <div>
      {Object.keys(endpoints).length === 0 && <p className="faint">No endpoints yet. Add OpenAI, Mistral, a LiteLLM proxy, vLLM, Ollama or LM Studio.</p>}
      {Object.entries(endpoints).map(([name, e]) => (
        <div key={name} className="endpoint-card">
          <div className="row">
            <strong>{name}</strong>
            <span className="faint mono">{e.model}</span>
            <span className="spacer" />
            <button
              className="btn small danger"
              onClick={() => {
                const next = { ...endpoints };
                delete next[name];
                void save(next);
              }}
            >
              Remove
            </button>
          </div>
          <div className="mono faint">{e.baseUrl}</div>
          {e.apiKeySecret && <div className="faint">key: secret {e.apiKeySecret}</div>}
        </div>
      ))}
      <div className="section-title">Add an endpoint</div>
      <div className="endpoint-card">
        <input className="input" placeholder="Name (e.g. local-ollama)" aria-label="Endpoint name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <input className="input mono" placeholder="Base URL" aria-label="Endpoint URL" value={draft.baseUrl} onChange={(e) => setDraft({ ...draft, baseUrl: e.target.value })} />
        <input className="input mono" placeholder="Model (e.g. qwen2.5-coder:7b)" aria-label="Endpoint model" value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })} />
        <select className="input" aria-label="API key secret" value={draft.apiKeySecret} onChange={(e) => setDraft({ ...draft, apiKeySecret: e.target.value })}>
          <option value="">No API key</option>
          {secrets.map((n) => (
            <option key={n} value={n}>
              secret {n}
            </option>
          ))}
        </select>
        <div>
          <button className="btn primary small" disabled={!draft.name.trim() || !draft.baseUrl.trim()} onClick={add}>
            Add endpoint
          </button>
        </div>
      </div>
    </div>
  );
}
