import { useEffect, useState } from 'react';
import type { ServiceInfo } from '../../../preload/contract';
import { useGraph } from '../state/graph';
import { useServices } from '../state/services';
import { reportError } from '../state/ui';
import './services.css';
import { ServicesIcon } from '../ui/icons';

/** Docker's and local processes' states, as a person reads them. */
function statusClass(status: string): string {
  return /^(running|up|healthy)/i.test(status) ? 'ok' : /exit|dead|stopp|fail/i.test(status) ? 'bad' : 'idle';
}

function ServiceRow({ s, projectId }: { s: ServiceInfo; projectId?: string }) {
  const [logs, setLogs] = useState<string>();
  const [stopping, setStopping] = useState(false);
  const showLogs = () =>
    useServices
      .getState()
      .logs(s.id)
      .then((text) => setLogs(text), reportError);
  return (
    <div className="list-item service-row" data-testid="service" data-service={s.name}>
      <div className="main">
        {/* The whole name: services of one project differ only at its end. */}
        <div className="service-name">{s.name}</div>
        <div className="sub">
          <span className={`service-status ${statusClass(s.status)}`}>{s.status}</span>
          {s.nodeId ? ` · node ${s.nodeId}` : ''}
          {s.engine && s.engine !== 'default' ? ` · on ${s.engine}` : ''}
        </div>
        {s.image && <div className="sub mono service-image" title={s.image}>{s.image}</div>}
        {s.url && (
          <a className="sub mono service-url" href={s.url} target="_blank" rel="noreferrer noopener">
            {s.url}
          </a>
        )}
      </div>
      <div className="service-actions">
        {s.url && (
          <a className="btn small" href={s.url} target="_blank" rel="noreferrer noopener" aria-label={`Open ${s.name}`}>
            Open ↗
          </a>
        )}
        <button className="btn small" aria-expanded={logs !== undefined} aria-label={`Logs of ${s.name}`} onClick={() => (logs === undefined ? void showLogs() : setLogs(undefined))}>
          {logs === undefined ? 'Logs' : 'Hide logs'}
        </button>
        <button
          className="btn small danger"
          disabled={stopping}
          aria-label={`Stop ${s.name}`}
          onClick={() => {
            setStopping(true);
            void useServices
              .getState()
              .stop(s.id, projectId)
              .catch(reportError)
              .finally(() => setStopping(false));
          }}
        >
          {stopping ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      {logs !== undefined && (
        <div className="service-logs">
          <div className="row">
            <span className="faint">Recent log lines</span>
            <span className="spacer" />
            <button className="btn ghost small" onClick={() => void showLogs()}>
              Refresh
            </button>
          </div>
          <pre data-testid="service-logs">{logs.trim() ? logs : 'It has printed nothing yet.'}</pre>
        </div>
      )}
    </div>
  );
}

/**
 * The Docker engines that did not answer: their services are missing from the list below, and
 * a person should know that rather than think nothing runs there.
 */
function EnginesDown({ down }: { down: { engine: string; reason: string }[] }) {
  if (!down.length) return null;
  return (
    <div className="services-down" role="status" data-testid="services-engines-down">
      {down.map((d) => (
        <div key={d.engine} className="services-down-item">
          <strong>{d.engine === 'default' ? 'The default Docker engine' : `Engine ${d.engine}`}</strong> does not answer, so its services are not listed.
          <div className="faint">{d.reason}</div>
        </div>
      ))}
    </div>
  );
}

/** What this project left running (model servers, workspaces, deployed apps), from Docker itself. */
export function ServicesPanel() {
  const projectId = useGraph((s) => s.projectId);
  const { list, loading, error } = useServices();
  useEffect(() => {
    void useServices.getState().refresh(projectId);
  }, [projectId]);
  if (error) return <p className="field-error">{error}</p>;
  const down = list.down ?? [];
  // With no engine answering and nothing else listed, the whole panel says why.
  if (!list.available && !list.services.length) {
    return (
      <div className="placeholder" data-testid="services-unavailable">
        <div className="big">
          <ServicesIcon size={28} aria-hidden="true" />
        </div>
        Services started by nodes (model servers, workspaces, deployed apps) will be listed here.
        <p className="faint">{list.reason}</p>
      </div>
    );
  }
  if (!list.services.length) {
    return (
      <div className="placeholder">
        <div className="big">
          <ServicesIcon size={28} aria-hidden="true" />
        </div>
        {loading ? 'Looking…' : down.length ? 'Nothing of this project runs on the engines that answered.' : 'Nothing is running for this project.'}
        <EnginesDown down={down} />
      </div>
    );
  }
  return (
    <div className="list">
      <EnginesDown down={down} />
      <div className="row">
        <span className="faint">{list.services.length} running for this project</span>
        <span className="spacer" />
        <button className="btn ghost small" onClick={() => void useServices.getState().refresh(projectId)}>
          Refresh
        </button>
      </div>
      {list.services.map((s) => (
        <ServiceRow key={s.id} s={s} projectId={projectId} />
      ))}
    </div>
  );
}
