import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../nodes/sdk';
import { tempStore } from '../../store/store.test-support';
import { LlmService } from './llm-service';
import { dropStream, dynamic, startStandInModel, type StandInModel } from './stand-in-model.test-support';

let model: StandInModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];

function llm() {
  const service = new LlmService({ store: tempStore(), retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  return service.forScope({ runId: 'r', projectId: 'p', nodeId: 'gen', signal: new AbortController().signal, log: () => {} });
}

async function failure(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail, and it succeeded');
  return outcome;
}

describe('a stream dropped mid-answer', () => {
  it('is reported as a dropped stream, with how far it got, after the retries', async () => {
    // The stand-in server closes the socket after part of the answer, every time.
    model = await startStandInModel();
    model.script(...Array.from({ length: 3 }, () => dropStream('The first half of an ans')));
    const error = await failure(llm().chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages }));
    expect(model.chats).toHaveLength(3);
    expect(error.message).toMatch(
      new RegExp(
        `^endpoint \\(${model.url.replace(/[.]/g, '\\.')}, model stand-in-coder\\): the answer stream was dropped after 5 chunks \\(24 bytes of answer\\) \\([^)]+\\) \\(gave up after 3 tries\\); the server, or a proxy in between, closed the connection mid-answer`,
      ),
    );
    expect(error.message).not.toMatch(/could not connect|connection failed/);
  });

  it('is still what the error says when the server is gone for the tries after it', async () => {
    const standIn = await startStandInModel();
    model = standIn;
    // The server dies mid-answer: the stream breaks off, and later tries find nothing listening.
    standIn.script(
      dynamic(() => {
        setTimeout(() => void standIn.close(), 10);
        return dropStream('Half an answer, then the ser');
      }),
    );
    const error = await failure(llm().chat({ endpoint: { baseUrl: standIn.url, model: 'stand-in-coder' }, messages }));
    expect(standIn.chats).toHaveLength(1);
    expect(error.message).toContain(`endpoint (${standIn.url}, model stand-in-coder): the answer stream was dropped after 6 chunks (28 bytes of answer)`);
    expect(error.message).toContain('; then could not connect (ECONNREFUSED) (gave up after 3 tries)');
    expect(error.message).toContain('closed the connection mid-answer');
  });
});
