import { create } from 'zustand';
import type { AskLink, AskMessage, AskPlan, AskReply, TemplateManifest } from '../../../preload/contract';
import { call, onEvent } from '../api';
import { useGraph } from './graph';
import { previewOf } from './preview';

/** Where a plan stands: open to act on, or done with (an earlier session's plans are not offered again). */
export type PlanState = 'open' | 'confirmed' | 'discarded' | 'replaced' | 'earlier';

/** One line of the chat, as the person reads it. */
export type ChatEntry =
  | { id: number; type: 'user'; text: string }
  | { id: number; type: 'question'; text: string }
  | { id: number; type: 'plan'; plan: AskPlan; state: PlanState }
  | { id: number; type: 'started'; projectId: string; pipelineId: string; runId: string; manifest: TemplateManifest }
  | { id: number; type: 'progress'; runId: string; nodeId: string; status: string; text: string }
  | { id: number; type: 'answer'; status: 'succeeded' | 'failed' | 'cancelled'; links: AskLink[]; projectId?: string }
  | { id: number; type: 'error'; text: string };

type NewEntry = ChatEntry extends infer E ? (E extends ChatEntry ? Omit<E, 'id'> : never) : never;

/** Where the chat sits: the start page (a new app) or the editor (the open pipeline). */
export interface AskPlace {
  projectId?: string;
  pipelineId?: string;
}

export interface AskState {
  place: AskPlace;
  /** The conversation the next message continues; none: the next message starts one. */
  conversationId?: string;
  /** The conversations whose confirmed runs report into this chat. */
  following: string[];
  entries: ChatEntry[];
  /** A call to main is under way: the box waits, so a second request cannot cross the first. */
  busy: boolean;
  /** Moves the chat to a place; another place starts from that place's own conversations. */
  enter(place: AskPlace): void;
  send(text: string): Promise<void>;
  confirm(): Promise<void>;
  discard(): Promise<void>;
  /** The project's earlier conversations, as stored in main. */
  loadHistory(projectId: string): Promise<void>;
}

let nextId = 1;
const entry = (e: NewEntry): ChatEntry => ({ ...e, id: nextId++ }) as ChatEntry;

/** The plan the person may still confirm, change or discard. */
export function openPlan(entries: readonly ChatEntry[]): Extract<ChatEntry, { type: 'plan' }> | undefined {
  const last = entries.findLast((e) => e.type === 'plan');
  return last?.type === 'plan' && last.state === 'open' ? last : undefined;
}

/** A stored conversation's messages as chat lines; a plan no later message acted on stays open. */
export function entriesFromHistory(messages: readonly AskMessage[]): ChatEntry[] {
  const entries = messages.map((m) => entry(m.role === 'user' ? { type: 'user', text: m.text } : replyEntry(m.reply, m.text)));
  // A reload offers no button that would run a plan proposed in another session: asking again gives a fresh one.
  return entries.map((e) => (e.type === 'plan' ? { ...e, state: 'earlier' as const } : e));
}

function replyEntry(reply: AskReply | undefined, text: string): NewEntry {
  if (reply?.kind === 'plan') return { type: 'plan', plan: reply, state: 'open' };
  return { type: 'question', text: reply?.text ?? text };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The editor shows the plan on its canvas when the plan is for the pipeline open there. */
function preview(place: AskPlace, plan: AskPlan | undefined): void {
  const graph = useGraph.getState();
  if (!plan || !place.pipelineId || graph.pipelineId !== place.pipelineId) {
    graph.clearPreview();
    return;
  }
  graph.showPreview(previewOf(plan.draft, plan));
}

export const useAsk = create<AskState>()((set, get) => {
  const add = (...more: NewEntry[]) => set((s) => ({ entries: [...s.entries, ...more.map(entry)] }));
  const markPlan = (state: 'confirmed' | 'discarded' | 'replaced') =>
    set((s) => ({ entries: s.entries.map((e) => (e.type === 'plan' && e.state === 'open' ? { ...e, state } : e)) }));

  return {
    place: {},
    following: [],
    entries: [],
    busy: false,

    enter(place) {
      const now = get().place;
      if (now.projectId === place.projectId && now.pipelineId === place.pipelineId) return;
      useGraph.getState().clearPreview();
      set({ place, conversationId: undefined, following: [], entries: [], busy: false });
    },

    async send(text) {
      const { place, conversationId, busy } = get();
      if (busy || !text.trim()) return;
      add({ type: 'user', text });
      set({ busy: true });
      try {
        const result = await call('ask.send', { ...place, conversationId, text });
        markPlan('replaced');
        add(replyEntry(result.reply, ''));
        set({ conversationId: result.conversationId });
        preview(place, result.reply.kind === 'plan' ? result.reply : undefined);
      } catch (err) {
        add({ type: 'error', text: errorText(err) });
      } finally {
        set({ busy: false });
      }
    },

    async confirm() {
      const { conversationId, busy, entries, place } = get();
      if (busy || !conversationId || !openPlan(entries)) return;
      // The run's events may come before main's answer to confirm: follow them from the start.
      set((s) => ({ busy: true, following: [...s.following, conversationId] }));
      try {
        const started = await call('ask.confirm', { conversationId });
        markPlan('confirmed');
        // What runs goes right under the plan, above any progress that came first.
        set((s) => {
          const at = s.entries.findLastIndex((e) => e.type === 'plan') + 1;
          return { entries: [...s.entries.slice(0, at), entry({ type: 'started', ...started }), ...s.entries.slice(at)] };
        });
        // The start page's next request is another app; the editor's goes on changing this pipeline.
        if (!place.pipelineId) set({ conversationId: undefined });
        await afterConfirm(place, started.pipelineId);
      } catch (err) {
        add({ type: 'error', text: errorText(err) });
      } finally {
        set({ busy: false });
      }
    },

    async discard() {
      const { conversationId, busy, entries } = get();
      if (busy || !conversationId || !openPlan(entries)) return;
      markPlan('discarded');
      useGraph.getState().clearPreview();
      // The next request starts afresh: what was discarded is not carried into it.
      set({ conversationId: undefined });
      try {
        await call('ask.discard', { conversationId });
      } catch (err) {
        add({ type: 'error', text: errorText(err) });
      }
    },

    async loadHistory(projectId) {
      try {
        const messages = await call('ask.history', { projectId });
        if (get().place.projectId !== projectId || get().entries.length) return;
        const last = messages.at(-1);
        set({ entries: entriesFromHistory(messages), conversationId: last?.conversationId });
      } catch (err) {
        add({ type: 'error', text: `The earlier conversations of this project could not be read: ${errorText(err)}` });
      }
    },
  };
});

/** Hook set by the editor: reloads the open pipeline once main has saved the confirmed plan into it. */
let reloadOpen: ((pipelineId: string) => Promise<void>) | undefined;
export function onConfirmedIntoOpenPipeline(reload: typeof reloadOpen): () => void {
  reloadOpen = reload;
  return () => {
    if (reloadOpen === reload) reloadOpen = undefined;
  };
}

async function afterConfirm(place: AskPlace, pipelineId: string): Promise<void> {
  useGraph.getState().clearPreview();
  if (place.pipelineId && place.pipelineId === pipelineId && reloadOpen) await reloadOpen(pipelineId);
}

// The run of a confirmed plan reports into the chat that asked for it.
let listening = false;
export function listenForAskEvents(): void {
  if (listening) return;
  listening = true;
  onEvent('ask.progress', (p) => {
    if (!useAsk.getState().following.includes(p.conversationId)) return;
    useAsk.setState((s) => ({ entries: [...s.entries, entry({ type: 'progress', runId: p.runId, nodeId: p.nodeId, status: p.status, text: p.text })] }));
  });
  onEvent('ask.answer', (a) => {
    const s = useAsk.getState();
    if (!s.following.includes(a.conversationId)) return;
    const started = s.entries.find((e) => e.type === 'started' && e.runId === a.runId);
    const projectId = started?.type === 'started' ? started.projectId : undefined;
    useAsk.setState({ entries: [...s.entries, entry({ type: 'answer', status: a.status, links: a.links, projectId })] });
  });
}
