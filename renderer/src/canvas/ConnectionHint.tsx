import { useUi } from '../state/ui';
import { CircleSlashIcon } from '../ui/icons';

/** Why the connection being drawn would be refused, while the pointer is over that port. */
export function ConnectionHint() {
  const hint = useUi((s) => s.connectionHint);
  if (!hint) return null;
  return (
    <div className="connection-hint" role="alert" data-testid="connection-hint">
      <CircleSlashIcon size={14} aria-hidden="true" /> {hint}
    </div>
  );
}
