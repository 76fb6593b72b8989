import { useMemo, useState } from 'react';
import { useGraph } from '../state/graph';
import { useUi } from '../state/ui';
import { freeSpot } from '../canvas/placement';
import { Dialog } from '../ui/Dialog';
import { KindIcon } from '../ui/icons';
import { searchCatalogue } from './catalogue';
import { viewportCentre } from './viewport';

/** Ctrl+K (or a double-click on the canvas): type a few letters, Enter adds the node. */
export function QuickAdd({ onClose }: { onClose(): void }) {
  const at = useUi((s) => (s.dialog?.type === 'quick-add' ? s.dialog.at : undefined));
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const items = useMemo(() => searchCatalogue(query).flatMap((g) => g.items), [query]);
  const add = (kind: string) => {
    onClose();
    const graph = useGraph.getState();
    if (!graph.readOnly) graph.addNode(kind, freeSpot(graph.nodes, at ?? viewportCentre()));
  };
  return (
    <Dialog bare title="Add a node" className="quick-add" onClose={onClose}>
      <input
        className="input"
        autoFocus
        placeholder="Add a node by name…"
        aria-label="Node name"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setIndex((i) => Math.min(items.length - 1, i + 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
          else if (e.key === 'Enter' && items[index]) add(items[index].kind);
          else return;
          e.preventDefault();
        }}
      />
      <div className="quick-list" role="listbox">
        {items.length === 0 && <div className="faint" style={{ padding: 10 }}>No node matches.</div>}
        {items.map((d, i) => (
          <div key={d.kind} role="option" aria-selected={i === index} className="quick-item" onMouseEnter={() => setIndex(i)} onClick={() => add(d.kind)}>
            <KindIcon name={d.icon} size={16} />
            <strong>{d.title}</strong>
            <span className="faint">{d.category}</span>
            <span className="spacer" />
            <span className="chip">{d.kind}</span>
          </div>
        ))}
      </div>
    </Dialog>
  );
}
