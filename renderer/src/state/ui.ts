import { create } from 'zustand';
import type { TemplateManifest, ValidationIssueInfo } from '../../../preload/contract';
import type { ConnectionState } from '../api';

export type Dialog =
  | { type: 'settings' }
  | { type: 'help' }
  | { type: 'quick-add'; at?: { x: number; y: number } }
  | { type: 'revision' }
  | { type: 'review'; manifest: TemplateManifest; issues?: ValidationIssueInfo[]; pipelineId: string; thenRun?: boolean }
  | { type: 'confirm'; title: string; message: string; confirm: string; onConfirm: () => void | Promise<void> }
  | { type: 'prompt'; title: string; label: string; value: string; confirm: string; onConfirm: (value: string) => void | Promise<void> };

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  text: string;
}

export type SideTab = 'inspector' | 'runs' | 'services' | 'chat';
export type SaveState = 'saved' | 'saving' | 'error';

export interface UiState {
  dialog?: Dialog;
  toasts: Toast[];
  sideTab: SideTab;
  logsOpen: boolean;
  saveState: SaveState;
  saveError?: string;
  connection: ConnectionState;
  /** Why the connection being drawn cannot be made, shown while the pointer is over a bad port. */
  connectionHint?: string;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  setSideTab(tab: SideTab): void;
  setLogsOpen(open: boolean): void;
  setSaveState(state: SaveState, error?: string): void;
  setConnection(state: ConnectionState): void;
  setConnectionHint(hint: string | undefined): void;
}

let nextToast = 1;

export const useUi = create<UiState>()((set, get) => ({
  toasts: [],
  sideTab: 'inspector',
  logsOpen: false,
  saveState: 'saved',
  connection: 'connecting',
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: undefined }),
  toast(kind, text) {
    const id = nextToast++;
    set({ toasts: [...get().toasts, { id, kind, text }].slice(-4) });
    // Errors stay until read and closed; the rest go by themselves.
    if (kind !== 'error') setTimeout(() => get().dismissToast(id), 4000);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  setSideTab: (sideTab) => set({ sideTab }),
  setLogsOpen: (logsOpen) => set({ logsOpen }),
  setSaveState: (saveState, saveError) => set({ saveState, saveError }),
  setConnection: (connection) => set({ connection }),
  setConnectionHint: (connectionHint) => {
    if (get().connectionHint !== connectionHint) set({ connectionHint });
  },
}));

/** Shows an error from a call as a toast; returns undefined so callers can `?? fallback`. */
export function reportError(err: unknown): undefined {
  useUi.getState().toast('error', err instanceof Error ? err.message : String(err));
  return undefined;
}
