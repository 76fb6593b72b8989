import { useState } from 'react';
import { useUi } from '../../state/ui';
import { pathText } from './shape';

function copy(text: string, what: string) {
  navigator.clipboard.writeText(text).then(
    () => useUi.getState().toast('info', `Copied the ${what}`),
    () => useUi.getState().toast('error', `Could not copy the ${what}: this browser refused the clipboard`),
  );
}

function Scalar({ value }: { value: unknown }) {
  const kind = value === null ? 'null' : typeof value;
  return <span className={`jt-${kind}`}>{typeof value === 'string' ? JSON.stringify(value) : String(value)}</span>;
}

function Row({ name, value, path, depth }: { name?: string | number; value: unknown; path: (string | number)[]; depth: number }) {
  const nested = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2);
  const entries: [string | number, unknown][] = nested ? (Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)) : [];
  const size = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div className="jt-row" data-path={pathText(path)}>
      <div className="jt-line">
        {nested ? (
          <button className="jt-toggle" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${pathText(path) || 'the value'}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="jt-toggle" />
        )}
        {name !== undefined && <span className="jt-key">{typeof name === 'number' ? name : name}:</span>}
        {nested ? <span className="jt-size">{size}</span> : <Scalar value={value} />}
        <span className="jt-actions">
          <button className="btn ghost tiny" onClick={() => copy(typeof value === 'string' ? value : JSON.stringify(value, null, 2), 'value')}>
            Copy value
          </button>
          {path.length > 0 && (
            <button className="btn ghost tiny" onClick={() => copy(pathText(path), 'path')}>
              Copy path
            </button>
          )}
        </span>
      </div>
      {nested && open && (
        <div className="jt-children">
          {entries.map(([k, v]) => (
            <Row key={k} name={k} value={v} path={[...path, k]} depth={depth + 1} />
          ))}
        </div>
      )}
    </div>
  );
}

/** A JSON value as a tree: folders fold, every value and path can be copied. */
export function JsonTree({ value }: { value: unknown }) {
  return (
    <div className="json-tree" data-testid="json-tree">
      <Row value={value} path={[]} depth={0} />
    </div>
  );
}
