import { Gallery } from '../projects/Gallery';
import { useGraph } from '../state/graph';
import { useUi } from '../state/ui';

/** An empty pipeline offers the ways to start: drag a node, add one by name, or a template. */
export function EmptyState() {
  const empty = useGraph((s) => s.nodes.length === 0 && !s.readOnly && !s.preview);
  const openDialog = useUi((s) => s.openDialog);
  if (!empty) return null;
  return (
    <div className="empty-state">
      <div className="empty-card" data-testid="empty-state">
        <h2>An empty pipeline</h2>
        <p className="muted" style={{ margin: 0 }}>
          Drag a node from the palette onto the canvas, or{' '}
          <button className="btn small" onClick={() => openDialog({ type: 'quick-add' })}>
            add one by name <span className="kbd">Ctrl K</span>
          </button>
          . Or start from a template — it opens as a new project:
        </p>
        <Gallery limit={6} />
      </div>
    </div>
  );
}
