import { useEffect } from 'react';
import { useBuiltinModel } from '../state/node-needs';
import { useSettings } from '../state/settings';
import { useUi } from '../state/ui';

/**
 * Under a plan made without a model, when there is none at all (no endpoint, no local model):
 * the offer of the built-in one, which runs on this computer with no key and no server. It
 * opens Settings → Local models, where the download shows its progress.
 */
export function LocalModelOffer() {
  const installed = useBuiltinModel((s) => s.installed);
  const endpoints = useSettings((s) => (s.loaded ? Object.keys(s.values['llm.endpoints'] ?? {}).length : undefined));
  useEffect(() => useBuiltinModel.getState().load(), []);
  if (installed !== false || endpoints !== 0) return null;
  return (
    <div className="plan-offer" role="note" aria-label="Local model offer">
      <p>
        A model would write this app from your own words. Pipewright can run one on this computer: free, no key, and nothing you type
        leaves it (about 1 GB to download once).
      </p>
      <button className="btn small" onClick={() => useUi.getState().openDialog({ type: 'settings', section: 'models' })}>
        Get the local model…
      </button>
    </div>
  );
}
