import { useEffect, useState } from 'react';
import { useSettings } from '../state/settings';
import { reportError, useUi } from '../state/ui';

/** Secret names, with set, replace and delete. Values go in and are never shown again. */
export function SecretsSettings() {
  const secrets = useSettings((s) => s.secrets);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  useEffect(() => {
    void useSettings.getState().loadSecrets().catch(reportError);
  }, []);
  if (!secrets.available) {
    return <p className="muted">{secrets.reason ?? 'Secrets cannot be stored in this build.'}</p>;
  }
  const save = async () => {
    try {
      await useSettings.getState().setSecret(name.trim(), value);
      useUi.getState().toast('success', `Secret ${name.trim()} saved`);
      setName('');
      setValue('');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div>
      <div className="list">
        {secrets.names.map((n) => (
          <div key={n} className="list-item" style={{ cursor: 'default' }}>
            <div className="main">
              <div className="title mono">{n}</div>
              <div className="sub">value hidden</div>
            </div>
            <button className="btn small" onClick={() => setName(n)}>
              Replace
            </button>
            <button className="btn small danger" onClick={() => void useSettings.getState().deleteSecret(n).catch(reportError)}>
              Delete
            </button>
          </div>
        ))}
      </div>
      <div className="section-title">{secrets.names.includes(name) ? `Replace ${name}` : 'Add a secret'}</div>
      <div className="endpoint-card">
        <input className="input mono" placeholder="NAME (e.g. OPENAI_API_KEY)" aria-label="Secret name" value={name} onChange={(e) => setName(e.target.value)} />
        <input className="input" type="password" autoComplete="off" placeholder="Value" aria-label="Secret value" value={value} onChange={(e) => setValue(e.target.value)} />
        <div>
          <button className="btn primary small" disabled={!name.trim() || !value} onClick={() => void save()}>
            Save secret
          </button>
        </div>
      </div>
    </div>
  );
}
