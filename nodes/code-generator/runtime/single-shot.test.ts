import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { llmTestContext, type LlmTestContext } from '../../../main/adapters/llm/llm-context.test-support';
import { dynamic, reply, startStandInModel, type StandInModel } from '../../../main/adapters/llm/stand-in-model.test-support';
import { LLM_ENDPOINTS } from '../../../main/settings-keys';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';
import type { GenerationReport } from './report';
import { parseFilesAnswer } from './single-shot';

let model: StandInModel | undefined;
let t: LlmTestContext | undefined;
afterEach(async () => {
  await model?.close();
  await t?.dispose();
  model = t = undefined;
});

const BLUEPRINT = '# Greeter\nA library with one function, greet(name), returning "Hello, <name>!".';

const files = (list: Record<string, string>, summary = 'a greeter') =>
  JSON.stringify({ files: Object.entries(list).map(([path, content]) => ({ path, content })), summary });

const GREETER = {
  'package.json': JSON.stringify({ name: 'greeter', type: 'module', scripts: { test: 'node --test' } }),
  'src/greet.js': 'export const greet = (name) => `Hello, ${name}!`;\n',
  'test/greet.test.js':
    "import assert from 'node:assert/strict';\nimport { it } from 'node:test';\nimport { greet } from '../src/greet.js';\nit('greets', () => assert.equal(greet('Ada'), 'Hello, Ada!'));\n",
};

async function run(params: Record<string, unknown>, inputs: Record<string, unknown> = {}) {
  model ??= await startStandInModel({ models: ['gpt-4o-mini'] });
  t ??= await llmTestContext({ nodeId: 'generate' });
  const out = await codeGeneratorRuntime.run({
    inputs: { blueprint: BLUEPRINT, endpoint: { baseUrl: model.url, model: 'gpt-4o-mini' }, ...inputs },
    params: codeGeneratorDefinition.params.parse({ mode: 'single-shot', ...params }),
    ctx: t.ctx,
  });
  return { dir: (out.workspace as { path: string }).path, report: out.report as GenerationReport };
}

describe('code generator, single-shot mode (against a stand-in model)', () => {
  it('asks for the project as structured JSON and writes the files it answers with', async () => {
    model = await startStandInModel({ models: ['gpt-4o-mini'] });
    model.script(reply(files(GREETER), { promptTokens: 2000, completionTokens: 1000 }));
    const { dir, report } = await run({ stack: 'JavaScript, no dependencies', verifyCommand: 'npm test' });

    for (const [path, content] of Object.entries(GREETER)) expect(readFileSync(join(dir, path), 'utf8')).toBe(content);
    expect(report).toMatchObject({
      mode: 'single-shot',
      files: ['package.json', 'src/greet.js', 'test/greet.test.js'],
      rounds: 1,
      summary: 'a greeter',
      tokens: { prompt: 2000, completion: 1000 },
      endpoint: { baseUrl: model.url, model: 'gpt-4o-mini' },
      verify: [expect.objectContaining({ passed: true, command: 'npm test' })],
    });
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(report.cost).toBeCloseTo(0.0009, 10);

    const sent = model.chats[0].body;
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'project_files' } });
    expect(sent.temperature).toBe(0);
    expect(sent.messages[0].content).toContain('Use this stack: JavaScript, no dependencies.');
    expect(sent.messages[1].content).toContain(BLUEPRINT);
    // The answer streamed into the node's log as it came.
    expect(t!.logText()).toContain('"summary":"a greeter"');
  });

  it('refuses paths outside the workspace and writes the rest', async () => {
    model = await startStandInModel({ models: ['gpt-4o-mini'] });
    model.script(reply(files({ 'ok.txt': 'fine', '../escaped.txt': 'no', '/tmp/absolute.txt': 'no' })));
    const { dir, report } = await run({});
    expect(readFileSync(join(dir, 'ok.txt'), 'utf8')).toBe('fine');
    expect(existsSync(join(dir, '..', 'escaped.txt'))).toBe(false);
    expect(report.files).toEqual(['ok.txt']);
    expect(report.refused).toEqual(['../escaped.txt', '/tmp/absolute.txt']);
    expect(t!.logText()).toContain('path "../escaped.txt" leads outside the workspace');
  });

  it('sends the verify output back and writes the corrected files in the next round', async () => {
    model = await startStandInModel({ models: ['gpt-4o-mini'] });
    const broken = { ...GREETER, 'src/greet.js': 'export const greet = (name) => `Hi ${name}`;\n' };
    model.script(
      reply(files(broken)),
      dynamic((req) => {
        const last = req.body.messages.at(-1).content as string;
        // The model sees why the check failed before it answers again.
        return last.includes('failed with exit code 1') && last.includes("Hi Ada") ? reply(files({ 'src/greet.js': GREETER['src/greet.js'] })) : reply('{}');
      }),
    );
    const { dir, report } = await run({ verifyCommand: 'node --test' });
    expect(readFileSync(join(dir, 'src/greet.js'), 'utf8')).toBe(GREETER['src/greet.js']);
    expect(report.rounds).toBe(2);
    expect(report.verify.map((v) => v.passed)).toEqual([false, true]);
    // Each round shows on the node's bar as it starts.
    expect(t!.progress.map((p) => [p.done, p.label])).toEqual([
      [0, expect.stringMatching(/^round 1 of \d+$/)],
      [1, expect.stringMatching(/^round 2 of \d+$/)],
    ]);
  });

  it('uses the router for code generation when no endpoint is connected', async () => {
    model = await startStandInModel({ models: ['routed-model'] });
    t = await llmTestContext({ nodeId: 'generate' });
    t.store.settings.set(LLM_ENDPOINTS, { local: { baseUrl: model.url, model: 'routed-model' } });
    model.script(reply(files({ 'a.txt': 'a' })));
    const { report } = await run({}, { endpoint: undefined });
    expect(model.chats[0].body.model).toBe('routed-model');
    expect(report.endpoint).toEqual({ baseUrl: model.url, model: 'routed-model' });
    expect(report.cost).toBe(0);
  });

  it('reads JSON wrapped in a Markdown fence, and says what is wrong with an unusable answer', () => {
    expect(parseFilesAnswer('Here you go:\n```json\n{"files":[{"path":"a","content":"b"}],"summary":"s"}\n```')).toEqual({
      files: [{ path: 'a', content: 'b' }],
      summary: 's',
    });
    expect(parseFilesAnswer('no json')).toBe('the answer holds no JSON object');
    expect(parseFilesAnswer('{"files":[]}')).toBe('the answer has no "files" list, or it is empty');
    expect(parseFilesAnswer('{"files":[{"path":1}]}')).toBe('files[0] needs a "path" and a "content", both strings');
  });
});
