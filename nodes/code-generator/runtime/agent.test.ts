import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { llmTestContext, type LlmTestContext } from '../../../main/adapters/llm/llm-context.test-support';
import {
  callTool,
  callTools,
  dynamic,
  reply,
  startStandInModel,
  type RecordedRequest,
  type StandInModel,
} from '../../../main/adapters/llm/stand-in-model.test-support';
import { NodeError } from '../../sdk';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';
import type { GenerationReport } from './report';

let model: StandInModel | undefined;
let t: LlmTestContext | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await model?.close();
  await t?.dispose();
  model = t = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const BLUEPRINT = '# Sum\nA module exporting sum(a, b), with a test.';

async function run(params: Record<string, unknown>, inputs: Record<string, unknown> = {}) {
  t ??= await llmTestContext({ nodeId: 'agent' });
  const out = await codeGeneratorRuntime.run({
    inputs: { blueprint: BLUEPRINT, endpoint: { baseUrl: model!.url, model: 'stand-in-coder' }, ...inputs },
    params: codeGeneratorDefinition.params.parse({ mode: 'agent', ...params }),
    ctx: t.ctx,
  });
  return { dir: (out.workspace as { path: string }).path, report: out.report as GenerationReport };
}

/** The tool results the model was sent in a request, in order. */
const toolResults = (req: RecordedRequest): string[] =>
  req.body.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => m.content);

const SUM_TEST = "import assert from 'node:assert/strict';\nimport { it } from 'node:test';\nimport { sum } from './sum.js';\nit('adds', () => assert.equal(sum(2, 3), 5));\n";

describe('code generator, agent mode (against a stand-in model)', () => {
  it('fails verify in round 1, gets the output, fixes the code in round 2, and keeps the transcript', async () => {
    model = await startStandInModel();
    model.script(
      callTools(
        { name: 'write_file', arguments: { path: 'package.json', content: '{"type":"module"}' } },
        { name: 'write_file', arguments: { path: 'sum.js', content: 'export const sum = (a, b) => a - b;\n' } },
        { name: 'write_file', arguments: { path: 'sum.test.js', content: SUM_TEST } },
      ),
      callTool('finish', { summary: 'sum with a test' }),
      dynamic((req) => {
        const last = req.body.messages.at(-1);
        // Round 2 starts with the failing check's output, as a user message.
        if (last.role !== 'user' || !/`node --test` failed with exit code 1/.test(last.content) || !/-1 !== 5|Expected values/.test(last.content)) {
          return reply('I was not told what failed.');
        }
        return callTool('write_file', { path: 'sum.js', content: 'export const sum = (a, b) => a + b;\n' });
      }),
      callTool('finish', { summary: 'fixed the sign' }),
    );
    const { dir, report } = await run({ verifyCommand: 'node --test', maxRounds: 3 });

    expect(readFileSync(join(dir, 'sum.js'), 'utf8')).toBe('export const sum = (a, b) => a + b;\n');
    expect(report.rounds).toBe(2);
    expect(report.verify.map((v) => [v.round, v.passed, v.exitCode])).toEqual([
      [1, false, 1],
      [2, true, 0],
    ]);
    expect(report).toMatchObject({ mode: 'agent', files: ['package.json', 'sum.js', 'sum.test.js'], summary: 'fixed the sign', refused: [] });
    expect(report.tokens.prompt).toBeGreaterThan(0);
    expect(model.remaining).toBe(0);
    expect(model.chats[0].body.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual([
      'list_files',
      'read_file',
      'write_file',
      'delete_file',
      'run_command',
      'finish',
    ]);

    // The whole conversation is stored with the run: every tool call and result, both rounds.
    const transcript = t!.store.transcripts.list('test-run', 'agent').map((e) => e.message);
    expect(transcript.map((m) => m.role)).toEqual([
      'system', 'user',
      'assistant', 'tool', 'tool', 'tool',
      'assistant', 'tool',
      'user',
      'assistant', 'tool',
      'assistant',
    ]);
    expect(transcript.filter((m) => m.role === 'tool').map((m) => m.content)).toContain('wrote sum.js (36 B)');
    expect(transcript.find((m) => m.role === 'user' && m.content.includes('failed with exit code 1'))).toBeDefined();
  });

  it('refuses paths outside the workspace and tells the model why', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'pw-outside-'));
    cleanup.push(outside);
    writeFileSync(join(outside, 'secret.txt'), 'not for the agent');
    const existing = mkdtempSync(join(tmpdir(), 'pw-existing-'));
    cleanup.push(existing);
    symlinkSync(outside, join(existing, 'link'));
    mkdirSync(join(existing, 'src'));
    writeFileSync(join(existing, 'src', 'keep.js'), '// existing code\n');

    model = await startStandInModel();
    model.script(
      callTools(
        { name: 'write_file', arguments: { path: '../escape.txt', content: 'x' } },
        { name: 'read_file', arguments: { path: '/etc/passwd' } },
        { name: 'read_file', arguments: { path: 'link/secret.txt' } },
        { name: 'write_file', arguments: { path: 'link/planted.txt', content: 'x' } },
        { name: 'read_file', arguments: { path: 'src/keep.js' } },
      ),
      dynamic((req) => {
        const results = toolResults(req);
        return results.length === 5 ? callTool('finish', { summary: 'stayed inside' }) : reply('unexpected');
      }),
    );
    const { dir, report } = await run({}, { workspace: { path: existing } });

    expect(dir).toBe(existing);
    const results = toolResults(model.chats[1]);
    expect(results[0]).toBe('error: path "../escape.txt" leads outside the workspace with ".."; use a path relative to the workspace that stays inside it');
    expect(results[1]).toBe('error: path "/etc/passwd" is absolute; use a path relative to the workspace that stays inside it');
    expect(results[2]).toMatch(/^error: path "link\/secret.txt" goes through a symbolic link to ".*secret.txt", outside the workspace/);
    expect(results[3]).toMatch(/^error: path "link\/planted.txt" goes through a symbolic link/);
    expect(results[4]).toBe('// existing code\n');
    expect(existsSync(join(existing, '..', 'escape.txt'))).toBe(false);
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
    expect(report.refused).toEqual(['../escape.txt', '/etc/passwd', 'link/secret.txt', 'link/planted.txt']);
    expect(report.files).toEqual([]);
    // The first request listed the existing files, the link among them.
    expect(model.chats[0].body.messages[1].content).toContain('Files:\nlink\nsrc/keep.js');
  });

  it('runs commands in the workspace, unsandboxed without Docker, and feeds back the result', async () => {
    model = await startStandInModel();
    model.script(
      callTool('run_command', { command: 'echo made > out.txt && pwd && exit 7' }),
      dynamic((req) => (toolResults(req)[0]?.startsWith('exit code 7\n') ? callTool('finish', { summary: 'ran it' }) : reply('no result'))),
    );
    const { dir, report } = await run({});
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('made\n');
    expect(toolResults(model.chats[1])[0]).toBe(`exit code 7\n${dir}\n`);
    expect(report.summary).toBe('ran it');
    expect(t!.logText()).toContain('[commands run UNSANDBOXED on this machine with a local shell: docker is not available in this test]');
    expect(t!.logText()).toContain('$ echo made > out.txt && pwd && exit 7');
  });

  it('streams what the model says into the log', async () => {
    model = await startStandInModel();
    model.script(reply('Nothing to change: the project already does what the blueprint asks.'));
    const { report } = await run({});
    expect(t!.logs.filter((l) => l.stream === 'stdout').map((l) => l.chunk).join('')).toContain(
      'Nothing to change: the project already does what the blueprint asks.',
    );
    expect(report.summary).toBe('Nothing to change: the project already does what the blueprint asks.');
  });

  it('tells the model about malformed arguments and unknown tools', async () => {
    model = await startStandInModel();
    model.script(
      callTools({ name: 'write_file', arguments: '{"path": "a.txt", "content": ' }, { name: 'teleport', arguments: {} }),
      callTool('finish', { summary: 'ok' }),
    );
    await run({});
    const results = toolResults(model.chats[1]);
    expect(results[0]).toMatch(/^error: the arguments of write_file are not valid JSON/);
    expect(results[1]).toBe('error: there is no tool "teleport"; the tools are list_files, read_file, write_file, delete_file, run_command, finish');
  });

  it('fails after maxRounds with the last verify output, naming the command', async () => {
    model = await startStandInModel();
    model.script(callTool('finish', { summary: 'try 1' }), callTool('finish', { summary: 'try 2' }));
    const error = (await run({ verifyCommand: 'echo still red; exit 2', maxRounds: 2 }).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(
      'the verify command `echo still red; exit 2` still fails after 2 rounds (exit code 2); raise maxRounds, change the blueprint, or try a stronger model',
    );
    expect(error.detail).toContain('still red');
  });

  it('stops when the run is cancelled', async () => {
    model = await startStandInModel();
    model.script(callTool('run_command', { command: 'echo started; sleep 30' }));
    t = await llmTestContext({ nodeId: 'agent' });
    const pending = run({}).catch((e: unknown) => e);
    while (!t.logText().includes('started')) await new Promise((r) => setTimeout(r, 20));
    const at = Date.now();
    t.controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - at).toBeLessThan(3000);
  });
});
