import { useState } from 'react';
import { call } from '../api';
import { run } from '../state/session';
import type { TemplateManifest } from '../../../preload/contract';
import { reportError, type Dialog as DialogState } from '../state/ui';
import { Dialog } from '../ui/Dialog';

type ReviewDialog = Extract<DialogState, { type: 'review' }>;

/** What an imported template will run, shown before its first run; confirming lets it run. */
export function ImportReview({ dialog, onClose }: { dialog: ReviewDialog; onClose(): void }) {
  const { manifest } = dialog;
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await call('templates.confirmReview', { pipelineId: dialog.pipelineId });
      onClose();
      if (dialog.thenRun) await run();
    } catch (err) {
      reportError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog
      wide
      title={`Review “${manifest.name}” before it runs`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Not now
          </button>
          <button className="btn primary" disabled={busy} onClick={confirm}>
            {dialog.thenRun ? 'Looks right — run it' : 'Looks right'}
          </button>
        </>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        This pipeline came from a file. Templates hold no secret values, but they can run commands on this machine:
        read what it will do before its first run.
      </p>
      <ManifestDetails manifest={manifest} />
    </Dialog>
  );
}

/** Everything the pipeline will run or reach, by what it is, before the node by node detail. */
function WhatItRuns({ manifest }: { manifest: TemplateManifest }) {
  const groups: [string, readonly string[]][] = [
    ['Commands', manifest.commands],
    ['Model downloads', manifest.modelDownloads ?? []],
    ['Images', manifest.images],
    ['Endpoints', manifest.endpoints],
    ['Ports opened', manifest.ports ?? []],
    ['Secrets (by name)', manifest.secrets],
  ];
  const shown = groups.filter(([, items]) => items.length > 0);
  if (!shown.length) return null;
  return (
    <dl className="manifest-what" data-testid="manifest-what">
      {shown.map(([label, items]) => (
        <div key={label} className="manifest-what-row">
          <dt>{label}</dt>
          <dd>
            {items.map((item) => (
              <code key={item}>{item}</code>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What a pipeline will run: its nodes, commands, images, endpoints, ports and secrets by name. */
export function ManifestDetails({ manifest }: { manifest: TemplateManifest }) {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const unsandboxed = manifest.unsandboxed ?? [];
  const summary = [
    count(manifest.nodes.length, 'node'),
    count(manifest.commands.length, 'command'),
    count(manifest.images.length, 'image'),
    count(manifest.modelDownloads?.length ?? 0, 'model download'),
    count(manifest.endpoints.length, 'endpoint'),
    count(manifest.ports?.length ?? 0, 'port'),
  ];
  return (
    <>
      <div className="manifest-summary">
        {summary.map((s) => (
          <span key={s} className="chip">
            {s}
          </span>
        ))}
        {manifest.secrets.map((s) => (
          <span key={s} className="chip">
            secret {s}
          </span>
        ))}
      </div>
      <WhatItRuns manifest={manifest} />
      {unsandboxed.length > 0 && (
        <ul className="issue-list" data-testid="manifest-unsandboxed">
          {unsandboxed.map((step) => (
            <li key={step}>Unsandboxed: {step}</li>
          ))}
        </ul>
      )}
      {manifest.unknownKinds.length > 0 && (
        <ul className="issue-list">
          <li>Unknown node kinds (this build cannot run them): {manifest.unknownKinds.join(', ')}</li>
        </ul>
      )}
      {(manifest.inputs.length > 0 || manifest.outputs.length > 0) && (
        <p className="muted">
          Inputs: {manifest.inputs.map((p) => `${p.name} (${p.type})`).join(', ') || 'none'} · Outputs:{' '}
          {manifest.outputs.map((p) => `${p.name} (${p.type})`).join(', ') || 'none'}
        </p>
      )}
      <div data-testid="manifest-nodes">
        {manifest.nodes.map((n) => (
          <div key={n.id} className="manifest-node">
            <div className="row">
              <strong>{n.title}</strong>
              <span className="chip">{n.kind}</span>
              <span className="faint mono">{n.id}</span>
            </div>
            {n.details.map((d, i) => (
              <div key={i}>
                <div className="faint" style={{ fontSize: 11, marginTop: 6 }}>
                  {d.label}
                </div>
                <pre className="mono">{d.value}</pre>
              </div>
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
