import { definitions } from '../../../nodes/definitions';
import type { PortDecl } from '../../../nodes/sdk';
import type { CatalogEntry } from '../../../preload/contract';
import { useGraph, type NodeInit } from '../state/graph';
import { KindIcon } from '../ui/icons';
import { freeSpot } from '../canvas/placement';
import { writeDrop } from './drop-data';
import { viewportCentre } from './viewport';

const SUB = definitions.find((d) => d.role === 'subpipeline');

const portList = (ports: PortDecl[]) => ports.map((p) => `${p.name}: ${p.type}`).join(', ') || 'none';

function initOf(e: CatalogEntry): NodeInit {
  return { params: { ref: e.ref }, label: e.name, ports: { inputs: e.inputs, outputs: e.outputs } };
}

/**
 * The "Pipelines" section of the palette: saved pipelines and bundled templates with inputs or
 * outputs, each added as a node that runs it, its ports shown at once.
 */
export function PipelineCatalog({ entries }: { entries: CatalogEntry[] }) {
  const readOnly = useGraph((s) => s.readOnly);
  if (!SUB || !entries.length) return null;
  const add = (e: CatalogEntry) => !readOnly && useGraph.getState().addNode(SUB.kind, freeSpot(useGraph.getState().nodes, viewportCentre()), initOf(e));
  return (
    <section aria-label="Pipelines">
      <div className="palette-category">Pipelines</div>
      {entries.map((e) => (
        <div
          key={`${e.source}:${e.ref}`}
          className="palette-item"
          role="button"
          tabIndex={0}
          draggable={!readOnly}
          data-ref={e.ref}
          title={`${e.description ? `${e.description}\n\n` : ''}Inputs: ${portList(e.inputs)}\nOutputs: ${portList(e.outputs)}\n\nDrag onto the canvas, or double-click (or Enter) to add it as a step.`}
          onDragStart={(ev) => writeDrop(ev.dataTransfer, SUB.kind, initOf(e))}
          onDoubleClick={() => add(e)}
          onKeyDown={(ev) => {
            if (ev.key !== 'Enter') return;
            ev.preventDefault();
            add(e);
          }}
        >
          <span className="icon" aria-hidden="true">
            <KindIcon name={SUB.icon} size={16} />
          </span>
          <div style={{ minWidth: 0, flex: 1 }}>
            <div className="title">{e.name}</div>
            <div className="desc">{e.source === 'template' ? 'Bundled template' : `Saved pipeline${e.projectName ? ` · ${e.projectName}` : ''}`}</div>
            <div className="palette-ports">
              <span title="Inputs">→ {e.inputs.map((p) => p.name).join(', ') || '—'}</span>
              <span title="Outputs">{e.outputs.map((p) => p.name).join(', ') || '—'} →</span>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}
