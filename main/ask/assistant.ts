import { definitionsByKind } from '../../nodes/definitions';
import type { Pipeline } from '../../nodes/sdk';
import type { AskAnswerEvent, AskMessage, AskProgressEvent, AskSendInput, AskSendResult, TemplateManifest } from '../../preload/contract';
import { templateManifest } from '../api/manifest';
import type { EngineEvent } from '../engine/events';
import type { Host } from '../host';
import { diffDraft } from './diff';
import { linksOf } from './links';
import { BuilderGaveUp, buildWithModel } from './builder/agent';
import { askModel } from './model';
import { prepareStack } from './stack';
import { MAX_QUESTIONS, planWithoutModel, type PlannerAnswer } from './planner';

export interface Confirmed {
  projectId: string;
  pipelineId: string;
  doc: Pipeline;
  manifest: TemplateManifest;
  /** The secret made up for the stack's database password, by name, when Confirm made one. */
  generatedSecret?: string;
}

/**
 * Ask over one Host: turns a conversation into a question or a plan (nothing saved but the
 * conversation), and a confirmed plan into a saved pipeline. The UI's handlers and the CLI both
 * go through it; each starts the run its own way and follows it with `followRun`.
 */
/** How long the chat waits for a model's plan before the planner without one answers instead. */
export const MODEL_PLAN_DEADLINE_MS = 3 * 60_000;

export class Assistant {
  constructor(
    private readonly host: Host,
    private readonly options: { modelDeadlineMs?: number } = {},
  ) {}

  async send(input: AskSendInput & { name?: string }, signal: AbortSignal = new AbortController().signal): Promise<AskSendResult> {
    const { store } = this.host;
    let conversation = input.conversationId ? store.conversations.get(input.conversationId) : undefined;
    if (input.conversationId && !conversation) {
      throw new Error(`no conversation "${input.conversationId}": it was discarded or belongs to a deleted project; start a new one`);
    }
    if (input.pipelineId && !store.pipelines.summary(input.pipelineId)) {
      throw new Error(`no pipeline "${input.pipelineId}" to change: it may have been deleted; open another or start from the start page`);
    }
    if (input.projectId && !store.projects.get(input.projectId)) {
      throw new Error(`no project "${input.projectId}": it may have been deleted; start from the start page`);
    }
    const fresh = !conversation;
    conversation ??= store.conversations.create({
      ...(input.projectId ? { projectId: input.projectId } : {}),
      ...(input.pipelineId ? { pipelineId: input.pipelineId } : {}),
    });
    const earlier = store.conversations.messages({ conversationId: conversation.id });
    store.conversations.append(conversation.id, 'user', input.text);
    const pipelineId = conversation.pipelineId;
    const base = pipelineId ? store.pipelines.get(pipelineId) : undefined;
    const messages = [...earlier.filter((m) => m.role === 'user').map((m) => m.text), input.text];
    const planner = {
      messages,
      ...(base ? { base } : {}),
      ...(input.name ? { name: input.name } : {}),
      asked: earlier.filter((m) => m.reply?.kind === 'question').length,
      validate: (doc: Pipeline) => this.host.engine.validate(doc),
    };
    // A model that hangs (a stuck server, a slow machine) must not hold the chat: past the deadline it is let go.
    const deadlineMs = this.options.modelDeadlineMs ?? MODEL_PLAN_DEADLINE_MS;
    const deadline = AbortSignal.timeout(deadlineMs);
    let model;
    try {
      model = askModel(this.host, input.endpoint, conversation.projectId ?? `ask-${conversation.id}`, AbortSignal.any([signal, deadline]));
    } catch (err) {
      // An endpoint that does not exist: nothing was asked, so nothing is kept.
      if (fresh) store.conversations.delete(conversation.id);
      throw err;
    }
    let answer: PlannerAnswer;
    let fellBack: string | undefined;
    if (model) {
      // Without a model the planner knows the draft's id and name; the agent keeps them.
      const named = planWithoutModel({ ...planner, asked: Number.POSITIVE_INFINITY });
      // Change feedback edits the plan on the table; a first request starts from the open pipeline.
      const start: Pipeline = conversation.pending?.draft ?? base ?? { ...(named.kind === 'proposal' ? named.proposal.draft : { format: 'pipewright/2' as const, id: 'app', name: 'App' }), nodes: [], edges: [] };
      try {
        const built = await buildWithModel({ messages, start, mayAsk: planner.asked < MAX_QUESTIONS, validate: (doc) => this.host.engine.validate(doc), chat: model.chat });
        answer =
          built.kind === 'question'
            ? built
            : {
                kind: 'proposal',
                proposal: {
                  summary: built.summary,
                  steps: built.steps,
                  draft: built.draft,
                  usedModel: true,
                  note: `Planned with ${model.name}${built.how === 'json' ? ' (as one JSON answer: it did not call tools)' : ''}.`,
                },
              };
      } catch (err) {
        if (signal.aborted) throw err;
        if (deadline.aborted) fellBack = `The model (${model.name}) gave no plan within ${Math.round(deadlineMs / 1000)} s, so this one was made without it.`;
        else if (err instanceof BuilderGaveUp || (err as Error)?.name === 'NodeError') {
          fellBack = `The model (${model.name}) did not give a usable plan — ${(err as Error).message} — so this one was made without it.`;
        } else throw err;
        answer = planWithoutModel(planner);
      }
    } else answer = planWithoutModel(planner);
    if (answer.kind === 'question') {
      const reply = { kind: 'question' as const, text: answer.text };
      store.conversations.append(conversation.id, 'assistant', answer.text, reply);
      return { conversationId: conversation.id, reply };
    }
    const { proposal } = answer;
    const issues = this.host.engine.validate(proposal.draft);
    if (issues.length) {
      // The planner composes from the definitions; a draft that does not validate is its bug.
      throw new Error(`the proposed pipeline does not validate (${issues.map((i) => i.message).join('; ')}); nothing was saved — please report this request`);
    }
    const note = fellBack ? `${fellBack} ${proposal.note ?? ''}`.trim() : proposal.note;
    const reply = {
      kind: 'plan' as const,
      summary: proposal.summary,
      steps: proposal.steps,
      draft: proposal.draft,
      ...diffDraft(base, proposal.draft),
      usedModel: proposal.usedModel,
      ...(note ? { note } : {}),
    };
    store.conversations.append(conversation.id, 'assistant', proposal.summary, reply);
    store.conversations.set(conversation.id, {
      ...(conversation.projectId ? { projectId: conversation.projectId } : {}),
      ...(pipelineId ? { pipelineId } : {}),
      pending: { draft: proposal.draft, ...(pipelineId ? { pipelineId } : {}) },
    });
    return { conversationId: conversation.id, reply };
  }

  /**
   * Saves the plan waiting in a conversation: a new project, or — for the open pipeline — the
   * current document kept as a revision first (so the change can be undone), then the draft.
   */
  async confirm(conversationId: string): Promise<Confirmed> {
    const { store } = this.host;
    const conversation = store.conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation "${conversationId}": it was discarded or belongs to a deleted project`);
    const pending = conversation.pending;
    if (!pending) throw new Error('there is no plan to confirm in this conversation: describe the app first, or answer the question asked');
    let projectId: string;
    let pipelineId: string;
    let doc: Pipeline;
    let generatedSecret: string | undefined;
    const summary = pending.pipelineId ? store.pipelines.summary(pending.pipelineId) : undefined;
    if (pending.pipelineId && summary) {
      pipelineId = pending.pipelineId;
      projectId = summary.projectId;
      ({ doc, generated: generatedSecret } = await prepareStack({ ...pending.draft, id: pipelineId }, projectId, store.secrets, store.pipelines.get(pipelineId)));
      store.pipelines.saveRevision(pipelineId, 'Before a change asked for in the chat');
      store.pipelines.save(doc, projectId);
      store.pipelines.saveRevision(pipelineId, 'Changed as asked in the chat');
    } else if (pending.pipelineId) {
      throw new Error(`pipeline "${pending.pipelineId}" was deleted since the plan was made; nothing was saved — discard this plan and ask again`);
    } else {
      const { id, name } = store.pipelines.importDocument(pending.draft);
      projectId = id;
      pipelineId = id;
      // The stack's secret is named for the project, known only once it is made.
      const prepared = await prepareStack({ ...pending.draft, id, name }, id, store.secrets);
      doc = prepared.doc;
      generatedSecret = prepared.generated;
      if (doc.nodes !== pending.draft.nodes) store.pipelines.save(doc, projectId);
    }
    store.conversations.set(conversationId, { projectId, pipelineId });
    store.conversations.append(conversationId, 'assistant', `Saved as project "${projectId}".`, { kind: 'confirmed', projectId, pipelineId });
    return { projectId, pipelineId, doc, manifest: templateManifest(doc), ...(generatedSecret ? { generatedSecret } : {}) };
  }

  discard(conversationId: string): void {
    const { store } = this.host;
    const conversation = store.conversations.get(conversationId);
    if (!conversation) return;
    // A conversation that never made a project has nothing to keep; one in a project keeps its words.
    if (!conversation.projectId) store.conversations.delete(conversationId);
    else {
      const hadPlan = !!conversation.pending;
      store.conversations.set(conversationId, { projectId: conversation.projectId, ...(conversation.pipelineId ? { pipelineId: conversation.pipelineId } : {}) });
      // Kept with the words, so a reload shows the plan as discarded rather than as one still to act on.
      if (hadPlan) store.conversations.append(conversationId, 'assistant', 'Discarded; nothing was saved.', { kind: 'discarded' });
    }
  }

  /** Keeps a confirmed plan's run outcome and links with its conversation, so they come back on reload. */
  recordAnswer(projectId: string, answer: AskAnswerEvent): void {
    const { conversationId, runId, status, links } = answer;
    if (!this.host.store.conversations.get(conversationId)) return;
    const text = status === 'succeeded' ? `It is running: ${links.map((l) => l.url).join(', ') || 'nothing to link to'}` : `The run ${status}.`;
    this.host.store.conversations.append(conversationId, 'assistant', text, { kind: 'answer', projectId, runId, status, links });
  }

  history(projectId: string): AskMessage[] {
    return this.host.store.conversations.messages({ projectId });
  }
}

export interface RunFollower {
  (event: EngineEvent): void;
}

/**
 * Turns a confirmed plan's engine events into the chat's: each node as it starts and ends (a
 * failing node with its error), then the answer with the links to what the run made.
 */
export function followRun(
  doc: Pipeline,
  conversationId: string,
  sink: { progress(event: AskProgressEvent): void; answer(event: AskAnswerEvent): void },
): RunFollower {
  const outputs = new Map<string, Record<string, unknown>>();
  const titleOf = (nodeId: string) => {
    const node = doc.nodes.find((n) => n.id === nodeId);
    return node?.label ?? (node ? definitionsByKind.get(node.kind)?.title : undefined) ?? nodeId;
  };
  return (event) => {
    if (event.type === 'node-started') {
      sink.progress({ conversationId, runId: event.runId, nodeId: event.nodeId, status: 'running', text: `${titleOf(event.nodeId)}: started` });
    } else if (event.type === 'node-finished') {
      if (event.outputs) outputs.set(event.nodeId, event.outputs);
      const seconds = (event.durationMs / 1000).toFixed(1);
      const text =
        event.status === 'failed'
          ? `${titleOf(event.nodeId)} failed: ${event.error ?? 'no reason given'}`
          : `${titleOf(event.nodeId)}: ${event.status} (${seconds} s)`;
      sink.progress({ conversationId, runId: event.runId, nodeId: event.nodeId, status: event.status, text });
    } else if (event.type === 'run-finished') {
      sink.answer({ conversationId, runId: event.runId, status: event.status, links: linksOf(doc, outputs) });
    }
  };
}
