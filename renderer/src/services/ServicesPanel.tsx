import { useEffect, useState } from 'react';
import { useGraph } from '../state/graph';
import { useServices } from '../state/services';
import { reportError } from '../state/ui';
import { ServicesIcon } from '../ui/icons';

/** What this project left running (model servers, workspaces, deployed apps), from Docker itself. */
export function ServicesPanel() {
  const projectId = useGraph((s) => s.projectId);
  const { list, loading, error } = useServices();
  const [logs, setLogs] = useState<{ id: string; text: string }>();
  useEffect(() => {
    void useServices.getState().refresh(projectId);
  }, [projectId]);
  if (error) return <p className="field-error">{error}</p>;
  if (!list.available) {
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
        {loading ? 'Looking…' : 'Nothing is running for this project.'}
      </div>
    );
  }
  return (
    <div className="list">
      {list.services.map((s) => (
        <div key={s.id} className="list-item" style={{ cursor: 'default', flexWrap: 'wrap' }}>
          <div className="main">
            <div className="title">{s.name}</div>
            <div className="sub">
              {s.status}
              {s.image ? ` · ${s.image}` : ''}
              {s.nodeId ? ` · node ${s.nodeId}` : ''}
              {s.engine && s.engine !== 'default' ? ` · on ${s.engine}` : ''}
            </div>
          </div>
          {s.url && (
            <a className="btn small" href={s.url} target="_blank" rel="noreferrer">
              Open
            </a>
          )}
          <button className="btn small" onClick={() => useServices.getState().logs(s.id).then((text) => setLogs({ id: s.id, text }), reportError)}>
            Logs
          </button>
          <button className="btn small danger" onClick={() => void useServices.getState().stop(s.id, projectId).catch(reportError)}>
            Stop
          </button>
          {logs?.id === s.id && <pre style={{ width: '100%', maxHeight: 200, overflow: 'auto' }}>{logs.text}</pre>}
        </div>
      ))}
    </div>
  );
}
