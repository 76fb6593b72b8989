import { useState } from 'react';
import { baseImages } from '../../../nodes/definitions';
import { useSettings } from '../state/settings';
import { reportError, type SettingsSection } from '../state/ui';
import { Dialog } from '../ui/Dialog';
import { EndpointsSettings } from './EndpointsSettings';
import { ModelsSettings } from './ModelsSettings';
import { DefaultEngineTest, EnginesSettings } from './EnginesSettings';
import { SecretsSettings } from './SecretsSettings';
import { BudgetSettings } from './BudgetSettings';
import { Saved } from './Saved';

type Section = SettingsSection;
const SECTIONS: { id: Section; label: string }[] = [
  { id: 'general', label: 'Appearance' },
  { id: 'endpoints', label: 'LLM endpoints' },
  { id: 'models', label: 'Local models' },
  { id: 'secrets', label: 'Secrets' },
  { id: 'docker', label: 'Docker' },
  { id: 'engines', label: 'Docker engines' },
  { id: 'budget', label: 'Budget' },
];

export default function SettingsDialog({ onClose, section: first }: { onClose(): void; section?: Section }) {
  const [section, setSection] = useState<Section>(first ?? 'general');
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
          {section === 'models' && <ModelsSettings />}
          {section === 'secrets' && <SecretsSettings />}
          {section === 'docker' && (
            <>
              <Saved
                label="Docker host"
                help="Where the Docker engine listens: empty for the local one (or DOCKER_HOST), e.g. unix:///var/run/docker.sock or tcp://build-box:2375."
                value={values['docker.host'] ?? ''}
                onSave={(v) => set('docker.host', v.trim() || undefined)}
              />
              <DefaultEngineTest />
              {/* One field per image the node kinds declare: a kind with a new image brings its field. */}
              {baseImages.map((image) => (
                <Saved
                  key={image.key}
                  label={`Image: ${image.title}`}
                  help={`${image.description ? `${image.description}. ` : ''}Empty for ${image.envVar} when it is set, else ${image.default}. A node's own image param, where it has one, wins over this.`}
                  value={values[image.key] ?? ''}
                  onSave={(v) => set(image.key, v.trim() || undefined)}
                />
              ))}
            </>
          )}
          {section === 'engines' && <EnginesSettings />}
          {section === 'budget' && <BudgetSettings />}
        </div>
      </div>
    </Dialog>
  );
}
