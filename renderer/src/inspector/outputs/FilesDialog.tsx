import { lazy, Suspense, useEffect, useState } from 'react';
import type { KeptFileContent } from '../../../../preload/contract';
import { call } from '../../api';
import { Dialog } from '../../ui/Dialog';
import type { FileRow } from './file-changes';

const FileViewer = lazy(() => import('./FileViewer'));

export interface FilesRef {
  runId: string;
  nodeId: string;
  port: string;
  previousRunId?: string;
}

const MARK: Record<string, string> = { added: 'A', changed: 'M', removed: 'D' };
const MARK_TITLE: Record<string, string> = { added: 'added since the previous run', changed: 'changed since the previous run', removed: 'removed since the previous run' };

export function FileList({ rows, selected, onPick, focusSelected }: { rows: FileRow[]; selected?: string; onPick(path: string): void; focusSelected?: boolean }) {
  return (
    <ul className="file-list" role="listbox" aria-label="Files">
      {rows.map((r) => {
        const depth = r.path.split('/').length - 1;
        const name = r.path.split('/').pop();
        return (
          <li key={r.path} role="option" aria-selected={selected === r.path}>
            <button autoFocus={focusSelected && selected === r.path} className={`file-row${r.change ? ` ${r.change}` : ''}`} style={{ paddingLeft: 6 + depth * 12 }} title={r.path} data-file={r.path} onClick={() => onPick(r.path)}>
              {depth > 0 && <span className="faint">{r.path.slice(0, r.path.length - (name?.length ?? 0))}</span>}
              <span className="file-name">{name}</span>
              {r.change && MARK[r.change] && (
                <span className="file-mark" title={MARK_TITLE[r.change]} aria-label={MARK_TITLE[r.change]}>
                  {MARK[r.change]}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

interface Shown {
  path: string;
  current?: KeptFileContent;
  previous?: KeptFileContent;
  error?: string;
}

async function load(ref: FilesRef, row: FileRow, withPrevious: boolean): Promise<Shown> {
  const get = (runId: string) => call('outputs.file', { runId, nodeId: ref.nodeId, port: ref.port, path: row.path });
  try {
    const current = row.change === 'removed' ? undefined : await get(ref.runId);
    const previous = withPrevious && ref.previousRunId && row.change !== 'added' ? await get(ref.previousRunId) : undefined;
    return { path: row.path, current, previous };
  } catch (err) {
    return { path: row.path, error: (err as Error).message };
  }
}

/** The files of a node's folder output: a tree, the selected file read-only, or its changes since the previous run. */
export function FilesDialog({ title, rows, refs, initial, onClose }: { title: string; rows: FileRow[]; refs: FilesRef; initial?: string; onClose(): void }) {
  const [selected, setSelected] = useState(initial ?? rows.find((r) => r.change !== 'removed')?.path);
  const row = rows.find((r) => r.path === selected);
  const canDiff = Boolean(refs.previousRunId);
  const [diff, setDiff] = useState(Boolean(row && (row.change === 'changed' || row.change === 'removed')));
  const [shown, setShown] = useState<Shown>();
  const showDiff = canDiff && (diff || row?.change === 'removed');
  useEffect(() => {
    let live = true;
    if (row) void load(refs, row, showDiff).then((s) => live && setShown(s));
    return () => {
      live = false;
    };
  }, [row, refs, showDiff]);
  const body = () => {
    if (!row) return <p className="faint">Pick a file on the left.</p>;
    if (!shown || shown.path !== row.path) return <p className="faint">Opening {row.path}…</p>;
    if (shown.error) return <p className="field-error">{shown.error}</p>;
    if (shown.current?.binary || shown.previous?.binary) return <p className="faint">{row.path} is a binary file ({row.size} bytes): it is not shown as text.</p>;
    const text = shown.current?.text ?? '';
    return (
      <Suspense fallback={<p className="faint">Loading the viewer…</p>}>
        <FileViewer key={`${row.path}:${showDiff}`} path={row.path} text={text} previous={showDiff ? (shown.previous?.text ?? '') : undefined} />
      </Suspense>
    );
  };
  return (
    <Dialog title={title} onClose={onClose} wide label={title}>
      <div className="files-dialog" data-testid="files-dialog">
        <div className="files-side">
          <FileList rows={rows} selected={selected} onPick={setSelected} focusSelected />
        </div>
        <div className="files-main">
          <div className="files-bar">
            <span className="mono files-path">{selected ?? ''}</span>
            <span className="spacer" />
            {canDiff ? (
              <label className="switch">
                <input type="checkbox" checked={showDiff} disabled={row?.change === 'removed'} onChange={(e) => setDiff(e.target.checked)} />
                Changes since the previous run
              </label>
            ) : (
              <span className="faint">No earlier run to compare with</span>
            )}
          </div>
          {body()}
        </div>
      </div>
    </Dialog>
  );
}
