import { useGraph } from '../state/graph';
import { saveNow } from '../state/session';
import { useTrail } from '../state/trail';
import { reportError } from '../state/ui';

/** "Outer › Inner" while a sub-pipeline is open: each outer name goes back out to that pipeline. */
export function Breadcrumb() {
  const crumbs = useTrail((s) => s.crumbs);
  // The open pipeline's name as it is now, renamed or not.
  const current = useGraph((s) => s.meta?.name);
  if (crumbs.length < 2) return null;
  const back = (index: number) =>
    void saveNow()
      .then(() => useTrail.getState().backTo(index))
      .catch(reportError);
  return (
    <nav className="breadcrumb" aria-label="Pipeline path" data-testid="breadcrumb">
      {crumbs.map((c, i) =>
        i < crumbs.length - 1 ? (
          <span key={`${i}-${c.id}`} className="crumb">
            <button className="btn ghost small" title={`Back to ${c.name}`} onClick={() => back(i)}>
              {c.name}
            </button>
            <span className="crumb-sep" aria-hidden="true">
              ›
            </span>
          </span>
        ) : (
          <span key={`${i}-${c.id}`} className="crumb current" aria-current="page">
            {current ?? c.name}
          </span>
        ),
      )}
    </nav>
  );
}
