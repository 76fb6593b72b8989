import type { GraphSketch } from '../../../preload/contract';

/** Categories with a colour of their own; the rest are drawn in the neutral one. */
const TINTED = new Set(['AI', 'Basics', 'Deploy', 'Models', 'Pipeline', 'Source', 'Workspace']);

/** A template's graph as a small picture: its nodes where they sit on the canvas, its edges as curves. */
export function GraphThumbnail({ sketch, label }: { sketch: GraphSketch; label: string }) {
  const [x, y, w, h] = sketch.viewBox;
  return (
    <svg className="graph-thumb" viewBox={`${x} ${y} ${w} ${h}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={label}>
      {sketch.edges.map((e, i) => {
        const bend = Math.max(40, Math.abs(e.x2 - e.x1) / 2);
        return <path key={i} className="graph-thumb-edge" d={`M${e.x1},${e.y1} C${e.x1 + bend},${e.y1} ${e.x2 - bend},${e.y2} ${e.x2},${e.y2}`} />;
      })}
      {sketch.nodes.map((n, i) => (
        <rect
          key={i}
          className="graph-thumb-node"
          data-category={TINTED.has(n.category) ? n.category : 'other'}
          x={n.x}
          y={n.y}
          width={n.w}
          height={n.h}
          rx={14}
        />
      ))}
    </svg>
  );
}
