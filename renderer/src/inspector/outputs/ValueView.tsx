import { useState } from 'react';
import { JsonTree } from './JsonTree';
import { Link } from './Link';
import { cellText, inferSchema, isHttpUrl, parsedJson, tableOf } from './shape';

type Mode = 'table' | 'json' | 'schema';

function Cell({ value }: { value: unknown }) {
  return isHttpUrl(value) ? <Link url={value} /> : <>{cellText(value)}</>;
}

function TableView({ value }: { value: unknown }) {
  const table = tableOf(value);
  if (!table) return <p className="faint">A single value: {cellText(value)}</p>;
  if (!table.rows.length) return <p className="faint">Empty.</p>;
  return (
    <div className="out-table-wrap">
      <table className="out-table" data-testid="out-table">
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>
                  <Cell value={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SchemaView({ value }: { value: unknown }) {
  const fields = inferSchema(value);
  if (!fields.length) return <p className="faint">No fields: the value is empty.</p>;
  return (
    <table className="out-table" data-testid="out-schema">
      <thead>
        <tr>
          <th>field</th>
          <th>type</th>
          <th>example</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.path}>
            <td className="mono">{f.path}</td>
            <td>
              {f.type}
              {f.optional ? <span className="faint"> (optional)</span> : null}
            </td>
            <td className="faint">{f.example ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const MODES: { id: Mode; label: string }[] = [
  { id: 'table', label: 'Table' },
  { id: 'json', label: 'JSON' },
  { id: 'schema', label: 'Schema' },
];

/** One output or input value: a link, text, or JSON in three views. */
export function ValueView({ name, value }: { name: string; value: unknown }) {
  const json = parsedJson(value);
  const [mode, setMode] = useState<Mode>(json && tableOf(json.value) ? 'table' : 'json');
  if (isHttpUrl(value)) return <Link url={value} />;
  if (!json) {
    if (typeof value === 'string') return value === '' ? <p className="faint">Empty text.</p> : <pre className="out-text">{value}</pre>;
    return <pre className="out-text">{JSON.stringify(value)}</pre>;
  }
  return (
    <div className="value-view">
      <div className="seg" role="tablist" aria-label={`How to show ${name}`}>
        {MODES.map((m) => (
          <button key={m.id} role="tab" aria-selected={mode === m.id} onClick={() => setMode(m.id)}>
            {m.label}
          </button>
        ))}
      </div>
      {mode === 'table' && <TableView value={json.value} />}
      {mode === 'json' && <JsonTree value={json.value} />}
      {mode === 'schema' && <SchemaView value={json.value} />}
    </div>
  );
}
