import { useState } from 'react';
import { showError } from '../runs/show-error';
import { humanMessage } from '../api/human-error';

/** Puts text on the clipboard; a page without clipboard access falls back to a selection copy. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

/** Why the node failed, in full, first thing in its inspector: the person came here for it. */
export function NodeError({ nodeId, error, stale }: { nodeId: string; error: string; stale: boolean }) {
  const text = humanMessage(error);
  const [copied, setCopied] = useState(false);
  return (
    <section className="node-error" aria-label="Why it failed" data-testid="node-error">
      <div className="node-error-head">
        <strong>{stale ? 'Failed before your last edit' : 'This step failed'}</strong>
        <span className="spacer" />
        <button
          className="btn small ghost"
          data-copied={copied || undefined}
          onClick={() =>
            void copyText(text).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            })
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button className="btn small ghost" onClick={() => showError(nodeId)}>
          Show in logs
        </button>
      </div>
      <pre className="node-error-text">{text}</pre>
    </section>
  );
}
