import { useEffect, useState } from 'react';
import type { EndpointSetting } from '../../../preload/contract';
import { call } from '../api';
import { SecretPicker } from '../inspector/SecretPicker';
import type { FieldSpec } from '../inspector/schema-fields';
import { useSettings } from '../state/settings';
import { reportError } from '../state/ui';
import { ConnectionTestResult, useConnectionTests, type TestState } from './ConnectionTest';
import { RouterTable } from './RouterTable';

interface Draft {
  name: string;
  baseUrl: string;
  model: string;
  apiKeySecret: string;
}

/** The endpoint's key, picked (or created) like any secret param. */
const KEY_FIELD: FieldSpec = { key: 'apiKeySecret', kind: 'secret', required: false };

const BLANK: Draft = { name: '', baseUrl: 'http://localhost:11434/v1', model: '', apiKeySecret: '' };

function endpointOf({ baseUrl, model, apiKeySecret }: Draft): EndpointSetting {
  return { baseUrl: baseUrl.trim(), model: model.trim(), ...(apiKeySecret ? { apiKeySecret } : {}) };
}

/** The fields of one endpoint, for adding one or editing one in place, with its own Test. */
function EndpointForm({
  initial,
  submitLabel,
  test,
  onTest,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  submitLabel: string;
  test: TestState;
  onTest(endpoint: EndpointSetting): void;
  onSubmit(draft: Draft): Promise<unknown>;
  onCancel?(): void;
}) {
  const [draft, setDraft] = useState(initial);
  const prefix = onCancel ? `${initial.name} ` : '';
  return (
    <div className="endpoint-card" data-testid={onCancel ? `endpoint-edit-${initial.name}` : 'endpoint-add'}>
      <input className="input" placeholder="Name (e.g. local-ollama)" aria-label={`${prefix}Endpoint name`} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      <input className="input mono" placeholder="Base URL" aria-label={`${prefix}Endpoint URL`} value={draft.baseUrl} onChange={(e) => setDraft({ ...draft, baseUrl: e.target.value })} />
      <input className="input mono" placeholder="Model (e.g. qwen2.5-coder:7b)" aria-label={`${prefix}Endpoint model`} value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })} />
      <SecretPicker
        field={KEY_FIELD}
        label={`${prefix}API key secret`}
        value={draft.apiKeySecret || undefined}
        readOnly={false}
        onChange={(name) => setDraft((d) => ({ ...d, apiKeySecret: typeof name === 'string' ? name : '' }))}
      />
      <ConnectionTestResult state={test} />
      <div className="row">
        <button className="btn small" disabled={!draft.baseUrl.trim()} onClick={() => onTest(endpointOf(draft))}>
          Test
        </button>
        <span className="spacer" />
        {onCancel && (
          <button className="btn small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button className="btn primary small" disabled={!draft.name.trim() || !draft.baseUrl.trim()} onClick={() => void onSubmit(draft)}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}

/**
 * OpenAI-compatible endpoints nodes may use, by name, each with a Test (a real request for its
 * models) and edited in place; the key is a secret's name, never the key. Then the router table.
 */
export function EndpointsSettings() {
  const endpoints = useSettings((s) => s.values['llm.endpoints']) ?? {};
  const [editing, setEditing] = useState<string>();
  const [addKey, setAddKey] = useState(0);
  const [tests, runTest, clearTest] = useConnectionTests();
  // The key select lists the stored secrets' names.
  useEffect(() => {
    void useSettings.getState().loadSecrets().catch(reportError);
  }, []);
  const test = (key: string, endpoint: EndpointSetting) => runTest(key, () => call('llm.testEndpoint', endpoint));
  const save = (next: Record<string, EndpointSetting>) => useSettings.getState().set('llm.endpoints', Object.keys(next).length ? next : undefined);
  /** Saves `draft` in place of `previous` (a rename moves it), keeping the order of the list. */
  const put = async (draft: Draft, previous?: string) => {
    const name = draft.name.trim();
    const entries = Object.entries(endpoints).filter(([n]) => n !== name || n === previous);
    const next = previous
      ? Object.fromEntries(entries.map(([n, e]) => (n === previous ? [name, endpointOf(draft)] : [n, e])))
      : { ...Object.fromEntries(entries), [name]: endpointOf(draft) };
    try {
      await save(next);
      return true;
    } catch (err) {
      reportError(err);
      return false;
    }
  };
  return (
    <div>
      {Object.keys(endpoints).length === 0 && <p className="faint">No endpoints yet. Add OpenAI, Mistral, a LiteLLM proxy, vLLM, Ollama or LM Studio.</p>}
      {Object.entries(endpoints).map(([name, e]) =>
        editing === name ? (
          <EndpointForm
            key={name}
            initial={{ name, baseUrl: e.baseUrl, model: e.model, apiKeySecret: e.apiKeySecret ?? '' }}
            submitLabel="Save"
            test={tests[`edit:${name}`]}
            onTest={(endpoint) => test(`edit:${name}`, endpoint)}
            onSubmit={async (draft) => {
              if (await put(draft, name)) {
                setEditing(undefined);
                clearTest(name);
              }
            }}
            onCancel={() => setEditing(undefined)}
          />
        ) : (
          <div key={name} className="endpoint-card" data-testid={`endpoint-${name}`}>
            <div className="row">
              <strong>{name}</strong>
              <span className="faint mono">{e.model}</span>
              <span className="spacer" />
              <button className="btn small" aria-label={`Test ${name}`} onClick={() => test(name, e)}>
                Test
              </button>
              <button className="btn small" aria-label={`Edit ${name}`} onClick={() => setEditing(name)}>
                Edit
              </button>
              <button
                className="btn small danger"
                aria-label={`Remove ${name}`}
                onClick={() => {
                  const next = { ...endpoints };
                  delete next[name];
                  void save(next).catch(reportError);
                }}
              >
                Remove
              </button>
            </div>
            <div className="mono faint">{e.baseUrl}</div>
            {e.apiKeySecret && <div className="faint">key: secret {e.apiKeySecret}</div>}
            <ConnectionTestResult state={tests[name]} testId={`endpoint-test-${name}`} />
          </div>
        ),
      )}
      <div className="section-title">Add an endpoint</div>
      <EndpointForm
        key={addKey}
        initial={BLANK}
        submitLabel="Add endpoint"
        test={tests['']}
        onTest={(endpoint) => test('', endpoint)}
        onSubmit={async (draft) => {
          if (await put(draft)) {
            setAddKey((k) => k + 1);
            clearTest('');
          }
        }}
      />
      <div className="section-title">Router</div>
      <RouterTable />
    </div>
  );
}
