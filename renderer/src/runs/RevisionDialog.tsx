import { useEffect, useState } from 'react';
import type { Revision } from '../../../preload/contract';
import { call } from '../api';
import { useGraph } from '../state/graph';
import { saveRevision } from '../state/session';
import { reportError } from '../state/ui';
import { Dialog } from '../ui/Dialog';

/** Ctrl+S: keep the pipeline as it is now under a name; earlier ones can be brought back. */
export function RevisionDialog({ onClose }: { onClose(): void }) {
  const pipelineId = useGraph((s) => s.pipelineId);
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (pipelineId) call('pipeline.revisions', { id: pipelineId }).then(setRevisions, reportError);
  }, [pipelineId]);
  const save = async () => {
    try {
      await saveRevision(message.trim() || `Revision ${revisions.length + 1}`);
      onClose();
    } catch (err) {
      reportError(err);
    }
  };
  const restore = async (rev: number) => {
    if (!pipelineId) return;
    try {
      // Restoring is one more edit: Ctrl+Z takes it back.
      useGraph.getState().replaceDocument(await call('pipeline.revision', { id: pipelineId, rev }));
      onClose();
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <Dialog
      title="Save a named revision"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={() => void save()}>
            Save revision
          </button>
        </>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        Every edit is already saved. A revision keeps this version under a name you can come back to.
      </p>
      <input
        className="input"
        autoFocus
        aria-label="Revision name"
        placeholder={`Revision ${revisions.length + 1}`}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && void save()}
      />
      {revisions.length > 0 && (
        <>
          <div className="section-title">Earlier revisions</div>
          <div className="list">
            {revisions.map((r) => (
              <div key={r.rev} className="list-item" style={{ cursor: 'default' }}>
                <div className="main">
                  <div className="title">
                    {r.rev}. {r.message}
                  </div>
                  <div className="sub">{new Date(r.createdAt).toLocaleString()}</div>
                </div>
                <button className="btn small" onClick={() => void restore(r.rev)}>
                  Restore
                </button>
              </div>
            ))}
          </div>
        </>
      )}
    </Dialog>
  );
}
