import type { Edge as FlowEdge } from '@xyflow/react';
import { useEffect, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { create } from 'zustand';
import { valueSummary, type PortType } from '../../../nodes/sdk';
import { call } from '../api';
import { useRuns } from '../state/runs';

interface HoverState {
  edge?: { source: string; port: string; type?: PortType; x: number; y: number };
  set(edge: HoverState['edge']): void;
}

const useEdgeHover = create<HoverState>()((set) => ({ set: (edge) => set({ edge }) }));

export function onEdgeHover(event: ReactMouseEvent, edge: FlowEdge): void {
  const type = (edge.data as { portType?: PortType } | undefined)?.portType;
  useEdgeHover.getState().set({ source: edge.source, port: edge.sourceHandle ?? '', type, x: event.clientX, y: event.clientY });
}

export function onEdgeLeave(): void {
  useEdgeHover.getState().set(undefined);
}

const TEXT_HEAD = 280;

/** A few lines of the value, the way a person would glance at it. */
function preview(value: unknown, type: PortType | undefined): { head: string; body?: string } {
  const summary = valueSummary(value, type)?.text ?? String(value);
  if (typeof value === 'string') {
    const body = value.length > TEXT_HEAD ? `${value.slice(0, TEXT_HEAD)}…` : value;
    return { head: `text · ${value.length} character${value.length === 1 ? '' : 's'}`, body };
  }
  if (type === 'workspace' || type === 'repo') {
    const path = (value as { path?: string }).path;
    return { head: `${type} · ${summary}`, ...(path ? { body: path } : {}) };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { url?: unknown }).url === undefined) {
    const json = JSON.stringify(value, null, 1);
    return { head: `${type ?? 'json'} · ${summary}`, body: json.length > TEXT_HEAD ? `${json.slice(0, TEXT_HEAD)}…` : json };
  }
  return { head: `${type ?? 'value'} · ${summary}` };
}

/** How many files a folder output held when the run kept them ("" while asking or when not kept). */
function useFileCount(runId: string | undefined, source: string | undefined, port: string | undefined, type: PortType | undefined): string {
  const key = runId && source && port && (type === 'workspace' || type === 'repo') ? `${runId}\0${source}\0${port}` : undefined;
  const [count, setCount] = useState<{ key: string; text: string }>();
  useEffect(() => {
    if (!key || !runId || !source || !port) return;
    let live = true;
    call('outputs.files', { runId, nodeId: source, port })
      .then((listing) => {
        const n = listing.files.length + listing.omitted;
        if (live && listing.kept) setCount({ key, text: `${n} file${n === 1 ? '' : 's'}` });
      })
      // A preview is a glance: a listing that cannot be read leaves the folder's name alone.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, runId, source, port]);
  return count && count.key === key ? count.text : '';
}

/** The value passing along the hovered edge, from the run on screen. */
export function EdgePreview() {
  const edge = useEdgeHover((s) => s.edge);
  const run = useRuns((s) => (edge ? s.nodes[edge.source] : undefined));
  const runId = useRuns((s) => (s.viewing ?? s.current)?.id);
  const files = useFileCount(runId, edge?.source, edge?.port, edge?.type);
  if (!edge) return null;
  // Fixed to the window: the pointer's own coordinates, just below and right of it.
  const style = { left: edge.x + 12, top: edge.y + 12 };
  const has = run?.outputs !== undefined && edge.port in run.outputs;
  const shown = has ? preview(run.outputs![edge.port], edge.type) : undefined;
  return (
    <div className="pw-edge-preview" role="tooltip" data-testid="edge-preview" style={style}>
      <div className="pw-edge-preview-head">
        {edge.source}.{edge.port}
        {shown ? ` — ${shown.head}` : ''}
        {files && ` · ${files}`}
      </div>
      {shown?.body !== undefined ? <pre>{shown.body}</pre> : !has && <div className="faint">No value yet: run the pipeline to see what passes here.</div>}
    </div>
  );
}
