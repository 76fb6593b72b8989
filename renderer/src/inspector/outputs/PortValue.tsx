import type { PortType } from '../../../../nodes/sdk';
import { FilesView } from './FilesView';
import { Link } from './Link';
import { ReportView } from './ReportView';
import { isHttpUrl } from './shape';
import { ValueView } from './ValueView';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One port's value in the view its type calls for. */
export function PortValue({ name, type, value, runId, nodeId }: { name: string; type?: PortType; value: unknown; runId?: string; nodeId: string }) {
  const folder = isRecord(value) && typeof value.path === 'string' && (type === 'workspace' || type === 'repo');
  return (
    <div className="field port-value" data-port={name} data-type={type}>
      <div className="port-head">
        <span className="field-label">{name}</span>
        {type && <span className="type faint">{type}</span>}
      </div>
      {type === 'repo' && isRecord(value) && (
        <p className="faint mono">
          {String(value.branch ?? '')} @ {String(value.commit ?? '').slice(0, 10)}
          {typeof value.remote === 'string' && <> · {isHttpUrl(value.remote) ? <Link url={value.remote} /> : value.remote}</>}
        </p>
      )}
      {type === 'service' && isRecord(value) && isHttpUrl(value.url) && (
        <p>
          <Link url={value.url}>Open {String(value.name ?? value.url)}</Link> <span className="faint mono">{value.url}</span>
        </p>
      )}
      {folder && runId ? (
        <FilesView runId={runId} nodeId={nodeId} port={name} path={String(value.path)} />
      ) : type === 'report' && isRecord(value) ? (
        <ReportView report={value} />
      ) : (
        <ValueView name={name} value={value} />
      )}
    </div>
  );
}
