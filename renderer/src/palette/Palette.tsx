import { Fragment, useEffect, useMemo, useState } from 'react';
import { definitions } from '../../../nodes/definitions';
import { searchPipelines, useCatalog } from '../state/catalog';
import { useGraph } from '../state/graph';
import { searchCatalogue } from './catalogue';
import { writeDrop } from './drop-data';
import { KindIcon } from '../ui/icons';
import { freeSpot } from '../canvas/placement';
import { PipelineCatalog } from './PipelineCatalog';
import { viewportCentre } from './viewport';

/** Notes on the canvas get a button each under the list; a frame kind frames the selection. */
const ANNOTATIONS = definitions.filter((d) => d.annotation);

/** Every node kind by category, searchable; drag one onto the canvas, or double-click to add it. */
export function Palette() {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => searchCatalogue(query), [query]);
  const readOnly = useGraph((s) => s.readOnly);
  const pipelineId = useGraph((s) => s.pipelineId);
  const catalog = useCatalog((s) => s.entries);
  // Listed again for each pipeline opened: one may have been saved since. A pipeline cannot run itself.
  useEffect(() => void useCatalog.getState().refresh(), [pipelineId]);
  const pipelines = useMemo(() => searchPipelines(catalog, query, pipelineId), [catalog, query, pipelineId]);
  // Saved pipelines are listed beside the kind that runs them, or last when a search hides it.
  const beside = groups.findIndex((g) => g.items.some((d) => d.role === 'subpipeline'));
  const add = (kind: string) => !readOnly && useGraph.getState().addNode(kind, freeSpot(useGraph.getState().nodes, viewportCentre()));
  return (
    <nav className="palette" aria-label="Node palette">
      <div className="palette-search">
        <input className="input" type="search" placeholder="Search nodes…" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="palette-list">
        {groups.length === 0 && pipelines.length === 0 && <p className="faint" style={{ padding: 8 }}>No node matches “{query}”.</p>}
        {groups.map((g, i) => (
          <Fragment key={g.category}>
            <section>
              <div className="palette-category">{g.category}</div>
              {g.items.map((d) => (
                <div
                  key={d.kind}
                  className="palette-item"
                  draggable={!readOnly}
                  data-kind={d.kind}
                  title={`${d.description}\n\nDrag onto the canvas, or double-click to add.`}
                  onDragStart={(e) => writeDrop(e.dataTransfer, d.kind)}
                  onDoubleClick={() => add(d.kind)}
                >
                  <span className="icon" aria-hidden="true">
                    <KindIcon name={d.icon} size={16} />
                  </span>
                  <div style={{ minWidth: 0 }}>
                    <div className="title">{d.title}</div>
                    <div className="desc">{d.description}</div>
                  </div>
                </div>
              ))}
            </section>
            {i === beside && <PipelineCatalog entries={pipelines} />}
          </Fragment>
        ))}
        {beside < 0 && <PipelineCatalog entries={pipelines} />}
      </div>
      <div className="palette-tools">
        {ANNOTATIONS.map((d) => (
          <button
            key={d.kind}
            className="btn small"
            disabled={readOnly}
            title={d.frame ? `Frame the selected nodes in a ${d.title.toLowerCase()} (or add an empty one)` : d.description}
            onClick={() => (d.frame && useGraph.getState().groupSelection()) || useGraph.getState().addAnnotation(d.kind, viewportCentre())}
          >
            + {d.title}
          </button>
        ))}
      </div>
    </nav>
  );
}
