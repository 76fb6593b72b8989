import { create } from 'zustand';
import type { AskLink, AskMessage, AskPlan, AskReply, TemplateManifest } from '../../../preload/contract';
import { call, onEvent } from '../api';
import { useGraph } from './graph';
import { useProjects } from './projects';
import { previewOf } from './preview';

/** Where a plan stands: open to act on, or done with (an earlier session's plans are not offered again). */
export type PlanState = 'open' | 'confirmed' | 'discarded' | 'replaced' | 'earlier';

/** A confirmed plan's review: waiting for "Run it", running, or left saved but not run. */
export type ReviewState = 'waiting' | 'running' | 'declined';

/** One line of the chat, as the person reads it. */
export type ChatEntry =
  | { id: number; type: 'user'; text: string }
  | { id: number; type: 'question'; text: string }
  | { id: number; type: 'plan'; plan: AskPlan; state: PlanState }
  | { id: number; type: 'review'; conversationId: string; projectId: string; pipelineId: string; manifest: TemplateManifest; generatedSecret?: string; state: ReviewState; runId?: string }
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
  /** Runs what a review shows, once the person has read it. */
  run(reviewId: number): Promise<void>;
  /** Leaves a confirmed plan saved without running it. */
  notNow(reviewId: number): void;
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

/**
 * A stored conversation's messages as chat lines: a plan later confirmed shows as confirmed, one
 * followed by another as replaced, and a run's outcome with its links as it was answered.
 */
export function entriesFromHistory(messages: readonly AskMessage[]): ChatEntry[] {
  const entries: ChatEntry[] = [];
  const settle = (state: PlanState) => {
    const last = entries.findLast((e) => e.type === 'plan');
    if (last?.type === 'plan' && last.state === 'open') last.state = state;
  };
  for (const m of messages) {
    const record = m.reply;
    if (m.role === 'user') entries.push(entry({ type: 'user', text: m.text }));
    else if (record?.kind === 'confirmed') settle('confirmed');
    else if (record?.kind === 'discarded') settle('discarded');
    else if (record?.kind === 'answer') entries.push(entry({ type: 'answer', status: record.status, links: record.links, projectId: record.projectId }));
    else {
      if (record?.kind === 'plan') settle('replaced');
      entries.push(entry(replyEntry(record, m.text)));
    }
  }
  // A reload offers no button that would run a plan proposed in another session: asking again gives a fresh one.
  return entries.map((e) => (e.type === 'plan' && e.state === 'open' ? { ...e, state: 'earlier' as const } : e));
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
      set({ busy: true });
      try {
        const saved = await call('ask.confirm', { conversationId });
        markPlan('confirmed');
        // Saved, not run: the review of what will run comes first, and the person runs it from there.
        add({ type: 'review', conversationId, ...saved, state: 'waiting' });
        // The start page's next request is another app; the editor's goes on changing this pipeline.
        if (!place.pipelineId) set({ conversationId: undefined });
        await afterConfirm(place, saved.pipelineId);
      } catch (err) {
        add({ type: 'error', text: errorText(err) });
      } finally {
        set({ busy: false });
      }
    },

    async run(reviewId) {
      const review = get().entries.find((e) => e.id === reviewId);
      if (get().busy || review?.type !== 'review' || review.state !== 'waiting') return;
      const { conversationId } = review;
      const mark = (patch: { state: ReviewState; runId?: string }) =>
        set((s) => ({ entries: s.entries.map((e) => (e.id === reviewId && e.type === 'review' ? { ...e, ...patch } : e)) }));
      // The run's events may come before main's answer: follow them from the start.
      set((s) => ({ busy: true, following: [...s.following, conversationId] }));
      mark({ state: 'running' });
      try {
        const { runId } = await call('ask.run', { conversationId });
        mark({ state: 'running', runId });
      } catch (err) {
        mark({ state: 'waiting' });
        add({ type: 'error', text: errorText(err) });
      } finally {
        set({ busy: false });
      }
    },

    notNow(reviewId) {
      set((s) => ({ entries: s.entries.map((e) => (e.id === reviewId && e.type === 'review' && e.state === 'waiting' ? { ...e, state: 'declined' as const } : e)) }));
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
  // On the start page the new project joins the list below the chat at once.
  if (!place.pipelineId) await useProjects.getState().refresh().catch(() => undefined);
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
    const review = s.entries.findLast((e) => e.type === 'review' && e.conversationId === a.conversationId && e.state === 'running');
    const projectId = review?.type === 'review' ? review.projectId : undefined;
    useAsk.setState({ entries: [...s.entries, entry({ type: 'answer', status: a.status, links: a.links, projectId })] });
  });
}
