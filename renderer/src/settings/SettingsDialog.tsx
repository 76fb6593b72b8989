import { useState } from 'react';
import { useSettings } from '../state/settings';
import { reportError } from '../state/ui';
import { Dialog } from '../ui/Dialog';
import { EndpointsSettings } from './EndpointsSettings';
import { SecretsSettings } from './SecretsSettings';
import { BudgetSettings } from './BudgetSettings';
import { Saved } from './Saved';

const IMAGE_KEYS = ['images.node', 'images.python', 'images.static', 'images.sandbox'] as const;

type Section = 'general' | 'endpoints' | 'secrets' | 'docker' | 'budget';
const SECTIONS: { id: Section; label: string }[] = [
  { id: 'general', label: 'Appearance' },
  { id: 'endpoints', label: 'LLM endpoints' },
  { id: 'secrets', label: 'Secrets' },
  { id: 'docker', label: 'Docker' },
  { id: 'budget', label: 'Budget' },
];

export default function SettingsDialog({ onClose }: { onClose(): void }) {
  const [section, setSection] = useState<Section>('general');
  const values = useSettings((s) => s.values);
  const set = useSettings((s) => s.set);
  return (
    <Dialog title="Settings" wide onClose={onClose}>
      <div className="settings-layout">
        <div className="settings-nav" role="tablist">
          {SECTIONS.map((s) => (
            <button key={s.id} role="tab" aria-selected={section === s.id} onClick={() => setSection(s.id)}>
              {s.label}
            </button>
          ))}
        </div>
        <div>
          {section === 'general' && (
            <div className="field">
              <label className="field-label">Theme</label>
              <select
                className="input"
                aria-label="Theme"
                value={values['ui.theme'] ?? 'system'}
                onChange={(e) => void set('ui.theme', e.target.value as 'system' | 'dark' | 'light').catch(reportError)}
              >
                <option value="system">Follow the system</option>
                <option value="dark">Dark</option>
                <option value="light">Light</option>
              </select>
            </div>
          )}
          {section === 'endpoints' && <EndpointsSettings />}
          {section === 'secrets' && <SecretsSettings />}
          {section === 'docker' && (
            <>
              <Saved
                label="Docker host"
                help="Where the Docker engine listens: empty for the local one (or DOCKER_HOST), e.g. unix:///var/run/docker.sock or tcp://build-box:2375."
                value={values['docker.host'] ?? ''}
                onSave={(v) => set('docker.host', v.trim() || undefined)}
              />
              {IMAGE_KEYS.map((key) => (
                <Saved
                  key={key}
                  label={`Base image: ${key.slice('images.'.length)}`}
                  help="Empty for the built-in default (a PIPEWRIGHT_IMAGE_… variable wins over this)."
                  value={values[key] ?? ''}
                  onSave={(v) => set(key, v.trim() || undefined)}
                />
              ))}
            </>
          )}
          {section === 'budget' && <BudgetSettings />}
        </div>
      </div>
    </Dialog>
  );
}
