import { useState } from 'react';
import { DockerEngineSettingSchema, DockerEnginesSchema, type DockerEngineSetting } from '../../../preload/contract';
import { call } from '../api';
import { useGraph } from '../state/graph';
import { useSettings } from '../state/settings';
import { reportError } from '../state/ui';
import { ConnectionTestResult, useConnectionTests } from './ConnectionTest';

const BLANK = { name: '', host: 'tcp://', ca: '', cert: '', key: '', publicHost: '' };
type Draft = typeof BLANK;

/**
 * What keeps the draft from being added, in words, once the person has typed something: a name
 * already used (adding would replace that engine silently), a name or address the setting
 * refuses, TLS files given in part.
 */
function draftProblem(d: Draft, engines: Record<string, DockerEngineSetting>): string | undefined {
  const name = d.name.trim();
  if (name && engines[name]) return `An engine named "${name}" exists already: remove it first, or choose another name.`;
  if (name) {
    const named = DockerEnginesSchema.safeParse({ [name]: { host: 'tcp://x' } });
    if (!named.success) return named.error.issues[0].message;
  }
  const host = d.host.trim();
  if (host && host !== 'tcp://' && host !== 'ssh://') {
    const checked = DockerEngineSettingSchema.shape.host.safeParse(host);
    if (!checked.success) return checked.error.issues[0].message;
  }
  if (d.publicHost.trim()) {
    const checked = DockerEngineSettingSchema.shape.publicHost.safeParse(d.publicHost.trim());
    if (!checked.success) return checked.error.issues[0].message;
  }
  const tls = [d.ca, d.cert, d.key].filter((f) => f.trim()).length;
  if (tls > 0 && tls < 3) return 'TLS needs all three files (CA, client certificate and key), or none.';
  return undefined;
}

function engineOf(d: Draft): DockerEngineSetting {
  const tls = d.ca.trim() || d.cert.trim() || d.key.trim() ? { ca: d.ca.trim(), cert: d.cert.trim(), key: d.key.trim() } : undefined;
  return { host: d.host.trim(), ...(tls ? { tls } : {}), ...(d.publicHost.trim() ? { publicHost: d.publicHost.trim() } : {}) };
}

/** What the Test button found: `docker info` in one line, or why the engine did not answer. */
function TestResult({ result }: { result?: { ok: boolean; summary?: string; reason?: string } | 'testing' }) {
  if (!result) return null;
  if (result === 'testing') return <div className="faint">Asking the engine…</div>;
  return (
    <div className={result.ok ? 'faint' : 'save-state error'} role="status">
      {result.ok ? `✓ ${result.summary}` : `✗ ${result.reason}`}
    </div>
  );
}

/**
 * Docker engines besides the default one (docker.host): another machine's over tcp:// with
 * TLS or ssh://, each with a Test button; and which engine the open project runs on.
 */
export function EnginesSettings() {
  const engines = useSettings((s) => s.values['docker.engines']) ?? {};
  const projectEngines = useSettings((s) => s.values['docker.projectEngines']) ?? {};
  const projectId = useGraph((s) => s.projectId);
  const [draft, setDraft] = useState(BLANK);
  const problem = draftProblem(draft, engines);
  const [tests, setTests] = useState<Record<string, { ok: boolean; summary?: string; reason?: string } | 'testing'>>({});
  const set = useSettings.getState().set;
  const save = (next: Record<string, DockerEngineSetting>) => set('docker.engines', Object.keys(next).length ? next : undefined).catch(reportError);
  const test = (key: string, engine: DockerEngineSetting) => {
    setTests((t) => ({ ...t, [key]: 'testing' }));
    call('docker.testEngine', engine).then(
      (result) => setTests((t) => ({ ...t, [key]: result })),
      (err: Error) => setTests((t) => ({ ...t, [key]: { ok: false, reason: err.message } })),
    );
  };
  const field = (key: keyof Draft, label: string, placeholder: string) => (
    <input className="input mono" aria-label={label} placeholder={placeholder} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
  );
  return (
    <div>
      {projectId && (
        <div className="field">
          <label className="field-label">This project runs on</label>
          <select
            className="input"
            aria-label="Project engine"
            value={projectEngines[projectId] ?? ''}
            onChange={(e) => {
              const next = { ...projectEngines };
              if (e.target.value) next[projectId] = e.target.value;
              else delete next[projectId];
              set('docker.projectEngines', Object.keys(next).length ? next : undefined).catch(reportError);
            }}
          >
            <option value="">the default engine (Docker host above)</option>
            {/* An engine removed from the list stays named here, so the project's runs failing on it is no mystery. */}
            {projectId && projectEngines[projectId] && !engines[projectEngines[projectId]] && (
              <option value={projectEngines[projectId]}>{projectEngines[projectId]} (no longer configured: choose another)</option>
            )}
            {Object.keys(engines).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <div className="faint">A node's own engine param, where it has one, wins over this.</div>
        </div>
      )}
      {Object.keys(engines).length === 0 && <p className="faint">No other engines yet. Add a GPU host, a build box or a swarm manager.</p>}
      {Object.entries(engines).map(([name, e]) => (
        <div key={name} className="endpoint-card">
          <div className="row">
            <strong>{name}</strong>
            <span className="faint mono">{e.host}</span>
            <span className="spacer" />
            <button className="btn small" onClick={() => test(name, e)}>
              Test
            </button>
            <button
              className="btn small danger"
              onClick={() => {
                const next = { ...engines };
                delete next[name];
                void save(next);
              }}
            >
              Remove
            </button>
          </div>
          {e.tls && <div className="faint mono">TLS: {e.tls.ca}, {e.tls.cert}, {e.tls.key}</div>}
          {e.publicHost && <div className="faint">apps answer on {e.publicHost}</div>}
          <TestResult result={tests[name]} />
        </div>
      ))}
      <div className="section-title">Add an engine</div>
      <div className="endpoint-card">
        {field('name', 'Engine name', 'Name (e.g. gpu-box)')}
        {field('host', 'Engine host', 'tcp://gpu-box:2376 or ssh://me@gpu-box')}
        {field('ca', 'TLS CA file', 'TLS: CA file (ca.pem), for tcp:// with TLS')}
        {field('cert', 'TLS certificate file', 'TLS: client certificate (cert.pem)')}
        {field('key', 'TLS key file', 'TLS: client key (key.pem)')}
        {field('publicHost', 'Public host name', 'Host name its apps answer on (default: the one in the address)')}
        {problem && (
          <div className="field-error" role="alert" data-testid="engine-draft-problem">
            {problem}
          </div>
        )}
        <TestResult result={tests['']} />
        <div className="row">
          <button className="btn small" disabled={!draft.host.trim()} onClick={() => test('', engineOf(draft))}>
            Test
          </button>
          <button
            className="btn primary small"
            disabled={!draft.name.trim() || !draft.host.trim() || Boolean(problem)}
            onClick={() => void save({ ...engines, [draft.name.trim()]: engineOf(draft) }).then(() => (setDraft(BLANK), setTests((t) => ({ ...t, '': undefined as never }))))}
          >
            Add engine
          </button>
        </div>
      </div>
    </div>
  );
}

/** A Test for the default engine (the Docker host above, else DOCKER_HOST, else the local socket). */
export function DefaultEngineTest() {
  const [tests, run] = useConnectionTests();
  return (
    <div className="field">
      <button className="btn small" aria-label="Test the Docker engine" onClick={() => run('default', () => call('docker.testDefaultEngine', {}))}>
        Test the engine
      </button>
      <ConnectionTestResult state={tests.default} testId="docker-test" />
    </div>
  );
}
