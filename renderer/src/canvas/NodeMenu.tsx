import type { Node as FlowNode } from '@xyflow/react';
import { useEffect, useRef, type MouseEvent as ReactMouseEvent } from 'react';
import { create } from 'zustand';
import { useGraph } from '../state/graph';
import { pinNode, pinProblem, unpinNode } from '../state/pins';
import { PinIcon, UnpinIcon } from '../ui/icons';

interface MenuState {
  open?: { nodeId: string; x: number; y: number };
  set(open: MenuState['open']): void;
}

const useNodeMenu = create<MenuState>()((set) => ({ set: (open) => set({ open }) }));

/** React Flow's right-click on a node: the menu opens where the pointer is. */
export function openNodeMenu(event: ReactMouseEvent, node: FlowNode): void {
  if (node.type === 'comment' || node.type === 'group') return;
  event.preventDefault();
  useNodeMenu.getState().set({ nodeId: node.id, x: event.clientX, y: event.clientY });
}

/** The node's right-click menu: pin or unpin its result. */
export function NodeMenu() {
  const open = useNodeMenu((s) => s.open);
  const pinned = useGraph((s) => {
    const node = open && s.nodes.find((n) => n.id === open.nodeId);
    return Boolean(node && 'settings' in node.data && node.data.settings?.pinned);
  });
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menu.current?.contains(e.target as Node)) useNodeMenu.getState().set(undefined);
    };
    window.addEventListener('keydown', close);
    window.addEventListener('pointerdown', close, true);
    return () => {
      window.removeEventListener('keydown', close);
      window.removeEventListener('pointerdown', close, true);
    };
  }, [open]);
  if (!open) return null;
  const act = (action: (id: string) => void) => () => {
    useNodeMenu.getState().set(undefined);
    action(open.nodeId);
  };
  const problem = pinned ? undefined : pinProblem(open.nodeId);
  return (
    <div ref={menu} className="pw-node-menu" role="menu" aria-label={`Node ${open.nodeId}`} style={{ left: open.x, top: open.y }}>
      {pinned ? (
        <button role="menuitem" onClick={act(unpinNode)}>
          <UnpinIcon size={13} aria-hidden="true" /> Unpin result
        </button>
      ) : (
        <button role="menuitem" disabled={problem !== undefined} title={problem} onClick={act(pinNode)}>
          <PinIcon size={13} aria-hidden="true" /> Pin result
        </button>
      )}
      {problem && <div className="pw-node-menu-note">{problem}</div>}
    </div>
  );
}
