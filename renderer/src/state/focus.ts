import { create } from 'zustand';
import { useGraph } from './graph';
import { useUi } from './ui';

/** A request to bring a node into view; the canvas answers it (canvas/FocusNode.tsx). */
export const useFocus = create<{ request?: { nodeId: string; seq: number } }>(() => ({}));

let seq = 0;

/** Selects a node, shows its inspector (unless told to keep the side panel's tab) and centres it on the canvas. */
export function focusNode(nodeId: string, options: { keepTab?: boolean } = {}): void {
  if (!useGraph.getState().nodes.some((n) => n.id === nodeId)) return;
  useGraph.getState().selectOnly(nodeId);
  if (!options.keepTab) useUi.getState().setSideTab('inspector');
  useFocus.setState({ request: { nodeId, seq: ++seq } });
}

/** How the editor names a node to a person: its label, else its kind's title, else its id. */
export function nodeName(nodeId: string, title?: (kind: string) => string | undefined): string {
  const node = useGraph.getState().nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  return node.data.label || title?.(node.data.kind) || nodeId;
}
