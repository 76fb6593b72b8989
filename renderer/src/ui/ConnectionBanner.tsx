import { useUi } from '../state/ui';

/** Says so when the browser lost the server (pipewright serve stopped or restarting). */
export function ConnectionBanner() {
  const connection = useUi((s) => s.connection);
  if (connection !== 'closed') return null;
  return (
    <div className="banner offline" role="alert">
      Lost the connection to Pipewright — reconnecting… Is <code>pipewright serve</code> still running?
    </div>
  );
}
