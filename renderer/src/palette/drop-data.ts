import type { NodeInit } from '../state/graph';

/** A node's kind, dragged from the palette. */
export const PALETTE_MIME = 'application/x-pipewright-kind';
/** What the dragged node starts with besides its defaults (a sub-pipeline's ref, name and ports), as JSON. */
export const NODE_INIT_MIME = 'application/x-pipewright-node-init';

export function writeDrop(data: DataTransfer, kind: string, init?: NodeInit): void {
  data.setData(PALETTE_MIME, kind);
  if (init) data.setData(NODE_INIT_MIME, JSON.stringify(init));
  data.effectAllowed = 'copy';
}

export function readDrop(data: DataTransfer): { kind: string; init?: NodeInit } | undefined {
  const kind = data.getData(PALETTE_MIME);
  if (!kind) return undefined;
  try {
    const text = data.getData(NODE_INIT_MIME);
    return text ? { kind, init: JSON.parse(text) as NodeInit } : { kind };
  } catch {
    // A drop from another app that borrowed the type: the node starts with its defaults.
    return { kind };
  }
}
