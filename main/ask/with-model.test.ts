import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callTool, callTools, reply, startStandInModel, type StandInModel } from '../adapters/llm/stand-in-model.test-support';
import { openHost, type Host } from '../host';
import { LLM_ENDPOINTS } from '../settings-keys';
import { Assistant } from './assistant';

// The builder agent against a scripted stand-in for a model (a real OpenAI-compatible HTTP
// server answering from a script): no model runs here, so its answers are written out.

let home: string;
let host: Host;
let model: StandInModel;
let assistant: Assistant;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-ask-model-'));
  host = openHost({ home });
  model = await startStandInModel({ models: ['planner'] });
  host.store.settings.set(LLM_ENDPOINTS, { standin: { baseUrl: model.url, model: 'planner' } });
  assistant = new Assistant(host);
});

afterEach(async () => {
  await model.close();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

/** The tool answers the model was sent back, in order. */
function toolAnswers(): string[] {
  return model.chats.flatMap((c) => (c.body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool').map((m) => m.content)).filter((v, i, all) => all.indexOf(v) === i);
}

const blueprintThenGenerator = [
  callTools(
    { name: 'add_node', arguments: { id: 'blueprint', kind: 'text', params: { text: '# Runs\n\nResources: runs (date, km)' } } },
    { name: 'add_node', arguments: { id: 'generate', kind: 'code-generator', params: { mode: 'offline', stack: 'node-api' } } },
  ),
  callTool('connect', { from: 'blueprint', fromPort: 'text', to: 'generate', toPort: 'blueprint' }),
];

describe('Ask with a model', () => {
  it('builds the draft through tools, sends malformed and invalid calls back as errors, and proposes only a valid draft', async () => {
    model.script(
      callTool('add_node', '{"id": "blueprint", "kind": '),
      callTool('add_node', { id: 'x', kind: 'no-such-kind' }),
      callTool('add_node', { id: 'generate', kind: 'code-generator', params: { mode: 'telepathy' } }),
      callTool('add_node', { id: 'generate', kind: 'code-generator', params: { mode: 'offline', stack: 'node-api' } }),
      callTool('propose', { summary: 'too early?', steps: [{ title: 'nothing', kinds: [] }] }),
      callTool('add_node', { id: 'blueprint', kind: 'text', params: { text: '# Runs' } }),
      callTool('connect', { from: 'blueprint', fromPort: 'text', to: 'generate', toPort: 'workspace' }),
      callTool('connect', { from: 'blueprint', fromPort: 'text', to: 'generate', toPort: 'blueprint' }),
      callTool('lint', {}),
      callTool('propose', { summary: 'A Node API for runs.', steps: [{ title: 'Deploy it', kinds: ['build-deploy'] }] }),
      callTool('propose', { summary: 'A Node API for runs.', steps: [{ title: 'Write it', kinds: ['text', 'code-generator'] }] }),
    );
    const { reply: answer } = await assistant.send({ text: 'an API where my running club logs runs', endpoint: 'standin' });
    expect(answer).toMatchObject({ kind: 'plan', usedModel: true, summary: 'A Node API for runs.', note: expect.stringMatching(/Planned with standin/) });
    if (answer.kind !== 'plan') return;
    expect(answer.draft.nodes.map((n) => n.kind).sort()).toEqual(['code-generator', 'text']);
    expect(host.engine.validate(answer.draft)).toEqual([]);
    const answers = toolAnswers();
    expect(answers[0]).toMatch(/not valid JSON/);
    expect(answers[1]).toMatch(/no node kind "no-such-kind"/);
    expect(answers[2]).toMatch(/params of code-generator: mode/);
    expect(answers[4]).toMatch(/does not pass lint yet/);
    expect(answers[6]).toMatch(/error: connect: .*is text but input "workspace"/);
    expect(answers.at(-2)).toMatch(/no problems/);
    // Steps that name a kind the draft lacks would tell the person something else than what runs.
    expect(answers.at(-1)).toMatch(/the steps name kinds the draft has no node of: build-deploy/);
    expect(model.chats[0].body.tools.map((t: { function: { name: string } }) => t.function.name)).toContain('describe_kind');
  });

  it('plans without the model, and says so, when the model never finishes', async () => {
    model.script(...Array.from({ length: 16 }, () => callTool('lint', {})));
    const { reply: answer } = await assistant.send({ text: 'a Python API where we keep recipes', endpoint: 'standin' });
    expect(answer).toMatchObject({ kind: 'plan', usedModel: false, note: expect.stringMatching(/did not propose a valid draft in 16 rounds/) });
    expect(model.chats).toHaveLength(16);
  });

  it('asks the model’s clarifying question, then re-plans on the answer and on Change feedback', async () => {
    model.script(callTool('ask_question', { text: 'Which language?' }));
    const first = await assistant.send({ text: 'an API for our runs', endpoint: 'standin' });
    expect(first.reply).toEqual({ kind: 'question', text: 'Which language?' });
    model.script(...blueprintThenGenerator, callTool('propose', { summary: 'Node it is.', steps: [{ title: 'Write it', kinds: ['code-generator'] }] }));
    const plan = await assistant.send({ conversationId: first.conversationId, text: 'Node', endpoint: 'standin' });
    expect(plan.reply).toMatchObject({ kind: 'plan', summary: 'Node it is.' });
    expect(JSON.stringify(model.chats.at(-1)!.body.messages)).toMatch(/an API for our runs.*Then: Node/);
    model.script(
      callTool('set_params', { id: 'generate', params: { stack: 'python-api' } }),
      callTool('propose', { summary: 'Python now.', steps: [{ title: 'Write it', kinds: ['code-generator'] }] }),
    );
    const changed = await assistant.send({ conversationId: first.conversationId, text: 'use Python instead', endpoint: 'standin' });
    expect(changed.reply).toMatchObject({ kind: 'plan', summary: 'Python now.' });
    if (changed.reply.kind === 'plan') expect(changed.reply.draft.nodes.find((n) => n.id === 'generate')?.params.stack).toBe('python-api');
    expect(host.store.conversations.messages({ conversationId: first.conversationId }).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('asks for the whole draft as JSON when the model does not call tools, and sends its mistakes back', async () => {
    const pipeline = {
      format: 'pipewright/2',
      id: 'x',
      name: 'x',
      nodes: [
        { id: 'blueprint', kind: 'text', version: 1, params: { text: '# Shop' }, position: { x: 0, y: 0 } },
        { id: 'generate', kind: 'code-generator', version: 1, params: { mode: 'offline' }, position: { x: 320, y: 0 } },
      ],
      edges: [{ id: 'e1', from: { node: 'blueprint', port: 'text' }, to: { node: 'generate', port: 'blueprint' } }],
    };
    model.script(
      reply('Sure! Here is what I would do…'),
      reply('```json\n{"summary": "A shop", "steps": [], "pipeline": {"nodes": []}}\n```'),
      reply(JSON.stringify({ summary: 'A shop API.', steps: [{ title: 'Write it', kinds: ['text', 'code-generator'] }], pipeline })),
    );
    const { reply: answer } = await assistant.send({ text: 'a shop API', endpoint: 'standin' });
    expect(answer).toMatchObject({ kind: 'plan', usedModel: true, summary: 'A shop API.', note: expect.stringMatching(/as one JSON answer/) });
    expect(model.chats[1].body.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(model.chats[2].body.messages.at(-1))).toMatch(/does not work: pipeline/);
  });

  it('plans without the model, and says so, when the model hangs past the deadline or cannot be reached', async () => {
    model.script({ kind: 'reply', content: '…', delayMs: 60_000 });
    const patient = new Assistant(host, { modelDeadlineMs: 1500 });
    const started = Date.now();
    const { reply: answer } = await patient.send({ text: 'a Python API where we keep recipes', endpoint: 'standin' });
    expect(answer).toMatchObject({ kind: 'plan', usedModel: false, note: expect.stringMatching(/gave no plan within 2 s, so this one was made without it/) });
    // Let go at the deadline, not after the model's minute (a loaded machine gets some slack).
    expect(Date.now() - started).toBeLessThan(30_000);

    host.store.settings.set(LLM_ENDPOINTS, { gone: { baseUrl: 'http://127.0.0.1:9/v1', model: 'planner' } });
    const { reply: unreachable } = await assistant.send({ text: 'a Go API where we keep recipes', endpoint: 'gone' });
    expect(unreachable).toMatchObject({ kind: 'plan', usedModel: false, note: expect.stringMatching(/The model \(gone\) did not give a usable plan/) });
    if (unreachable.kind === 'plan') expect(unreachable.draft.nodes.find((n) => n.kind === 'code-generator')?.params.stack).toBe('go-api');
  }, 120_000);

  it('refuses an endpoint that does not exist, by name', async () => {
    await expect(assistant.send({ text: 'an API', endpoint: 'nowhere' })).rejects.toThrow(/no endpoint "nowhere"/);
  });
});
