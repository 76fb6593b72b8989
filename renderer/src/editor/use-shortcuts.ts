import { useEffect } from 'react';
import { useGraph, type Clip } from '../state/graph';
import { run } from '../state/session';
import { reportError, useUi } from '../state/ui';
import { boxOf, freeOffset, obstaclesOf } from '../canvas/placement';
import { isFrameKind } from '../state/flow-document';
import { arrangeGraph } from './arrange';

const CLIP_KEY = 'pipewright.clipboard';
const PASTE_SHIFT = { x: 40, y: 40 };

/** Where copied nodes wait: kept in localStorage so they paste into another project or window. */
function writeClip(clip: Clip): void {
  localStorage.setItem(CLIP_KEY, JSON.stringify(clip));
}

function readClip(): Clip | undefined {
  try {
    const text = localStorage.getItem(CLIP_KEY);
    return text ? (JSON.parse(text) as Clip) : undefined;
  } catch {
    return undefined;
  }
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  // Inside a modal (the run form is not one of the ui store's dialogs) keys belong to it, not to the canvas.
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || Boolean(el.closest('.monaco-editor, [aria-modal="true"]'));
}

/** The editor's keyboard shortcuts (listed in help/shortcuts.ts). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const ui = useUi.getState();
      const graph = useGraph.getState();
      // These work wherever the focus is, even in a text field.
      if (mod && key === 'enter') {
        e.preventDefault();
        void run().catch(reportError);
        return;
      }
      if (mod && key === 's') {
        e.preventDefault();
        if (!graph.readOnly) ui.openDialog({ type: 'revision' });
        return;
      }
      if (mod && key === 'k') {
        e.preventDefault();
        if (!graph.readOnly) ui.openDialog({ type: 'quick-add' });
        return;
      }
      // A modal of a panel's own (a file viewer) takes its keys: Escape closes it, not the selection.
      if (ui.dialog || typing(e.target) || document.querySelector('[aria-modal="true"]')) return;
      if (e.key === 'Escape') {
        graph.selectOnly(undefined);
      } else if (mod && key === 'z') {
        if (e.shiftKey) graph.redo();
        else graph.undo();
      } else if (mod && key === 'y') {
        graph.redo();
      } else if (mod && key === 'a') {
        graph.selectAll();
      } else if (mod && key === 'c') {
        const clip = graph.copySelection();
        if (!clip) return;
        writeClip(clip);
        ui.toast('info', `Copied ${clip.nodes.length} node${clip.nodes.length === 1 ? '' : 's'}`);
      } else if (mod && key === 'x') {
        const clip = graph.copySelection();
        if (!clip || graph.readOnly) return;
        writeClip(clip);
        graph.deleteSelected();
      } else if (mod && key === 'v') {
        const clip = readClip();
        if (!clip || graph.readOnly) return;
        // A copy pasted beside its original, where it covers nothing.
        graph.paste(clip, freeOffset(clip.nodes.filter((n) => !isFrameKind(n.type)).map(boxOf), obstaclesOf(graph.nodes), PASTE_SHIFT));
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        if (!graph.readOnly) graph.deleteSelected();
      } else if (!mod && e.shiftKey && key === 'l') {
        arrangeGraph();
      } else if (e.key === '?') {
        ui.openDialog({ type: 'help' });
      } else {
        return;
      }
      e.preventDefault();
    };
    // Capture phase: Monaco would otherwise keep Ctrl+Enter and Ctrl+S to itself.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
