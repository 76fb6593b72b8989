import { useState } from 'react';
import { useSettings } from '../state/settings';
import { reportError } from '../state/ui';
import { Dialog } from '../ui/Dialog';
import { EndpointsSettings } from './EndpointsSettings';
import { SecretsSettings } from './SecretsSettings';
import { BudgetSettings } from './BudgetSettings';
import { Saved } from './Saved';

/** The image settings (main/settings-keys.ts reads them), each with the variable that stands in when it is empty. */
const IMAGES = [
  { key: 'images.node', label: 'Node apps', env: 'PIPEWRIGHT_IMAGE_NODE' },
  { key: 'images.python', label: 'Python apps', env: 'PIPEWRIGHT_IMAGE_PYTHON' },
  { key: 'images.static', label: 'Static sites', env: 'PIPEWRIGHT_IMAGE_STATIC' },
  { key: 'images.sandbox', label: 'Sandbox for commands', env: 'PIPEWRIGHT_IMAGE_SANDBOX' },
  { key: 'images.vllm', label: 'vLLM server', env: 'PIPEWRIGHT_IMAGE_VLLM' },
  { key: 'images.ollama', label: 'Ollama server', env: 'PIPEWRIGHT_IMAGE_OLLAMA' },
  { key: 'images.litellm', label: 'LiteLLM router', env: 'PIPEWRIGHT_IMAGE_LITELLM' },
  { key: 'images.codeServer', label: 'VS Code (code-server)', env: 'PIPEWRIGHT_IMAGE_CODE_SERVER' },
] as const;

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
              {IMAGES.map(({ key, label, env }) => (
                <Saved
                  key={key}
                  label={`Image: ${label}`}
                  help={`Empty for ${env} when it is set, else the built-in default. A node's own image param, where it has one, wins over this.`}
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
