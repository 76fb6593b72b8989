import { useEffect, useMemo, useState } from 'react';
import type { KeptFiles } from '../../../../preload/contract';
import { call } from '../../api';
import { compareFiles } from './file-changes';
import { FileList, FilesDialog, type FilesRef } from './FilesDialog';

/** Rows listed in the inspector before "Browse files" takes over. */
const LISTED = 30;

/** A folder output: its files as the node left them, what changed since the previous run, and a viewer. */
export function FilesView({ runId, nodeId, port, path }: { runId: string; nodeId: string; port: string; path: string }) {
  const [kept, setKept] = useState<KeptFiles>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<{ initial?: string }>();
  useEffect(() => {
    let live = true;
    setKept(undefined);
    call('outputs.files', { runId, nodeId, port }).then(
      (k) => live && setKept(k),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [runId, nodeId, port]);
  const rows = useMemo(() => (kept ? compareFiles(kept.files, kept.previous?.files) : []), [kept]);
  const refs: FilesRef = useMemo(() => ({ runId, nodeId, port, previousRunId: kept?.previous?.runId }), [runId, nodeId, port, kept]);
  if (error) return <p className="field-error">{error}</p>;
  if (!kept) return <p className="faint">Reading the files…</p>;
  if (!kept.kept) {
    return (
      <p className="faint">
        The files of this run were not kept (it ran before Pipewright kept them, or it is too old). They are in <span className="mono">{path}</span> as the latest run left them.
      </p>
    );
  }
  const changed = rows.filter((r) => r.change && r.change !== 'same').length;
  return (
    <div className="files-view" data-testid="files-view">
      <div className="row">
        <span>
          {kept.files.length} file{kept.files.length === 1 ? '' : 's'}
          {kept.omitted ? ` (and ${kept.omitted} more not listed)` : ''}
          {kept.previous ? ` · ${changed ? `${changed} changed` : 'nothing changed'} since the previous run` : ''}
        </span>
        <span className="spacer" />
        {kept.files.length > 0 && (
          <button className="btn small" onClick={() => setOpen({})}>
            Browse files
          </button>
        )}
      </div>
      <FileList rows={rows.slice(0, LISTED)} onPick={(p) => setOpen({ initial: p })} />
      {rows.length > LISTED && <p className="faint">…and {rows.length - LISTED} more: Browse files shows them all.</p>}
      {kept.notKept.length > 0 && <p className="faint">Not read: {kept.notKept.slice(0, 5).join(', ')}{kept.notKept.length > 5 ? '…' : ''}</p>}
      {open && <FilesDialog title={`Files of ${nodeId} · ${port}`} rows={rows} refs={refs} initial={open.initial} onClose={() => setOpen(undefined)} />}
    </div>
  );
}
