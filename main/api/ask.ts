import type { CallHandlers } from '../../preload/contract';
import { Assistant, followRun, type Confirmed } from '../ask/assistant';
import type { Host } from '../host';
import type { EventSink } from './index';
import type { RunManager } from './runs';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

/**
 * Ask's calls: plans from the conversation; Confirm saves the plan and returns the review of
 * what will run, and only `ask.run` starts it, through the UI's RunManager.
 */
export function askHandlers(host: Host, runs: RunManager, emit: EventSink): Handlers<'ask.send' | 'ask.confirm' | 'ask.run' | 'ask.discard' | 'ask.history'> {
  const assistant = new Assistant(host);
  // What was confirmed and reviewed, waiting for "Run it": the very document the review showed.
  const reviewed = new Map<string, Confirmed>();
  return {
    'ask.send': (input) => assistant.send(input),
    'ask.confirm': async ({ conversationId }) => {
      const saved = await assistant.confirm(conversationId);
      reviewed.set(conversationId, saved);
      return { projectId: saved.projectId, pipelineId: saved.pipelineId, manifest: saved.manifest, ...(saved.generatedSecret ? { generatedSecret: saved.generatedSecret } : {}) };
    },
    'ask.run': ({ conversationId }) => {
      const saved = reviewed.get(conversationId);
      if (!saved) {
        throw new Error(`conversation "${conversationId}" has no confirmed plan waiting to run: confirm a plan first (one confirmed before a restart runs from its project's editor)`);
      }
      const follow = followRun(saved.doc, conversationId, {
        progress: (event) => emit('ask.progress', event),
        answer: (event) => {
          assistant.recordAnswer(saved.projectId, event);
          emit('ask.answer', event);
        },
      });
      // Subscribed before the run starts so its first events are not missed; filtered by run id.
      let runId: string | undefined;
      const early: Parameters<typeof follow>[0][] = [];
      const unsubscribe = runs.subscribe((event) => {
        if (runId === undefined) early.push(event);
        else if (event.runId === runId) {
          follow(event);
          if (event.type === 'run-finished') unsubscribe();
        }
      });
      try {
        runId = runs.start({ doc: saved.doc, projectId: saved.projectId });
      } catch (err) {
        unsubscribe();
        throw err;
      }
      reviewed.delete(conversationId);
      for (const event of early) if (event.runId === runId) follow(event);
      return { projectId: saved.projectId, pipelineId: saved.pipelineId, runId };
    },
    'ask.discard': ({ conversationId }) => {
      reviewed.delete(conversationId);
      assistant.discard(conversationId);
      return { ok: true as const };
    },
    'ask.history': ({ projectId }) => assistant.history(projectId),
  };
}
