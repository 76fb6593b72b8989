import { create } from 'zustand';
import type { TemplateManifest, ValidationIssueInfo } from '../../../preload/contract';
import type { ConnectionState } from '../api';
import { errorMessage, humanMessage } from '../api/human-error';

export type SettingsSection = 'general' | 'endpoints' | 'models' | 'secrets' | 'docker' | 'engines' | 'budget';

export type Dialog =
  | { type: 'settings'; section?: SettingsSection }
  | { type: 'help' }
  | { type: 'quick-add'; at?: { x: number; y: number } }
  | { type: 'revision' }
  | { type: 'problems' }
  | { type: 'export'; pipelineId: string; pinnedCount: number }
  | { type: 'review'; manifest: TemplateManifest; issues?: ValidationIssueInfo[]; pipelineId: string; thenRun?: boolean }
  | { type: 'confirm'; title: string; message: string; confirm: string; onConfirm: () => void | Promise<void> }
  | { type: 'prompt'; title: string; label: string; value: string; confirm: string; onConfirm: (value: string) => void | Promise<void> };

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  text: string;
  /** How many times the same message came, collapsed into this one. */
  count: number;
  /** An error is kept until the person has seen it (pointer, focus or click on it). */
  read?: boolean;
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
  /** The person has seen this toast: an error then leaves after a moment. */
  readToast(id: number): void;
  setSideTab(tab: SideTab): void;
  setLogsOpen(open: boolean): void;
  setSaveState(state: SaveState, error?: string): void;
  setConnection(state: ConnectionState): void;
  setConnectionHint(hint: string | undefined): void;
}

let nextToast = 1;
/** How long an info toast, or an error once read, stays. */
export const TOAST_MS = 5000;
/** At most this many toasts at once; the oldest leave first. */
const MAX_TOASTS = 4;
const toastTimers = new Map<number, ReturnType<typeof setTimeout>>();

export const useUi = create<UiState>()((set, get) => ({
  toasts: [],
  sideTab: 'inspector',
  logsOpen: false,
  saveState: 'saved',
  connection: 'connecting',
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: undefined }),
  toast(kind, raw) {
    const text = kind === 'error' ? humanMessage(raw) : raw;
    const same = get().toasts.find((t) => t.kind === kind && t.text === text);
    // A burst of the same message is one toast with a count, not a wall of copies.
    const toast: Toast = same ? { id: same.id, kind, text, count: same.count + 1 } : { id: nextToast++, kind, text, count: 1 };
    const kept = get().toasts.filter((t) => t.id !== toast.id);
    const toasts = [...kept, toast].slice(-MAX_TOASTS);
    for (const gone of kept) if (!toasts.includes(gone)) clearTimeout(toastTimers.get(gone.id));
    set({ toasts });
    // Errors stay until read; the rest go by themselves.
    if (kind !== 'error') leaveLater(toast.id);
    else clearTimeout(toastTimers.get(toast.id));
  },
  readToast(id) {
    const toast = get().toasts.find((t) => t.id === id);
    if (!toast) return;
    if (!toast.read) set({ toasts: get().toasts.map((t) => (t.id === id ? { ...t, read: true } : t)) });
    leaveLater(id);
  },
  dismissToast: (id) => {
    clearTimeout(toastTimers.get(id));
    toastTimers.delete(id);
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  setSideTab: (sideTab) => set({ sideTab }),
  setLogsOpen: (logsOpen) => set({ logsOpen }),
  setSaveState: (saveState, saveError) => set({ saveState, saveError }),
  setConnection: (connection) => set({ connection }),
  setConnectionHint: (connectionHint) => {
    if (get().connectionHint !== connectionHint) set({ connectionHint });
  },
}));

/** (Re)starts the clock after which a toast leaves. */
function leaveLater(id: number): void {
  clearTimeout(toastTimers.get(id));
  toastTimers.set(
    id,
    setTimeout(() => useUi.getState().dismissToast(id), TOAST_MS),
  );
}

/** Shows an error from a call as a toast; returns undefined so callers can `?? fallback`. */
export function reportError(err: unknown): undefined {
  useUi.getState().toast('error', errorMessage(err));
  return undefined;
}
