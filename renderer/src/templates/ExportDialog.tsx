import { useState } from 'react';
import { call } from '../api';
import { reportError, useUi } from '../state/ui';
import { Dialog } from '../ui/Dialog';
import { downloadText, warnRemovedSecrets } from './import-file';

/**
 * Export of a pipeline that has pinned results: the person chooses whether the file carries
 * them (off by default). Pins naming a folder or a service never travel: they exist here only.
 */
export function ExportDialog({ pipelineId, pinnedCount, onClose }: { pipelineId: string; pinnedCount: number; onClose: () => void }) {
  const [includePins, setIncludePins] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      const { fileName, text, removedSecrets } = await call('templates.export', { pipelineId, includePins });
      downloadText(fileName, text);
      useUi.getState().toast('success', `Exported ${fileName}${includePins ? ' with pinned outputs' : ''}`);
      warnRemovedSecrets(removedSecrets);
      onClose();
    } catch (err) {
      reportError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Export pipeline"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" disabled={busy} onClick={() => void go()}>
            Export
          </button>
        </>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        {pinnedCount} node{pinnedCount === 1 ? ' has a' : 's have'} pinned result{pinnedCount === 1 ? '' : 's'}. A template usually leaves them out, so whoever
        imports it runs every node.
      </p>
      <label className="switch">
        <input type="checkbox" checked={includePins} onChange={(e) => setIncludePins(e.target.checked)} />
        Include pinned outputs (never those naming a folder or a service of this machine)
      </label>
    </Dialog>
  );
}
