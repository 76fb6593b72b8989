import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { llmTestContext, type LlmTestContext } from '../../../main/adapters/llm/llm-context.test-support';
import {
  callTool,
  callTools,
  dynamic,
  httpError,
  reply,
  startStandInModel,
  type RecordedRequest,
  type ScriptStep,
  type StandInModel,
} from '../../../main/adapters/llm/stand-in-model.test-support';
import type { TaskProgress } from '../../sdk';
import { resourcesFolder } from '../../sdk/node/resources';
import { softwareTeamDefinition } from '../definition';
import { softwareTeamRuntime } from './index';
import type { TeamReport } from './report';

// The model is the repo's scripted stand-in (an OpenAI-compatible server answering from a
// script); everything else is real: files, commands under a pty, the checkpoint on disk.
let model: StandInModel | undefined;
let t: LlmTestContext | undefined;
afterEach(async () => {
  await model?.close();
  await t?.dispose();
  model = t = undefined;
});

type Message = { role: string; content: string };
type Plan = { design: string; tasks: { id: string; title: string; owner: string; dependsOn?: string[]; description?: string }[] };
/** What an agent answers on its n-th call (0-based) of a task, from what it was sent. */
type Agent = (n: number, req: RecordedRequest) => ScriptStep;

const messagesOf = (req: RecordedRequest): Message[] => req.body.messages;
const isPlanning = (req: RecordedRequest) => /You lead a software team/.test(messagesOf(req)[0].content);
const taskOf = (req: RecordedRequest) => /# Your task: (\S+)/.exec(messagesOf(req)[1].content)?.[1] ?? '?';
const toolResults = (req: RecordedRequest) => messagesOf(req).filter((m) => m.role === 'tool').map((m) => m.content);

/**
 * Scripts a whole team: the supervisor answers with `plan`, each task's agent with its own
 * script, whatever order parallel tasks send their requests in.
 */
function scriptTeam(plan: Plan, agents: Record<string, Agent>, calls = 60): void {
  const step = dynamic((req) => {
    if (isPlanning(req)) return reply(JSON.stringify(plan), { promptTokens: 50, completionTokens: 50 });
    const task = taskOf(req);
    const agent = agents[task] ?? agents[task.replace(/^(fix|retest)-\d+-.*$/, '$1')];
    if (!agent) return reply(`no script for task ${task}`);
    return agent(messagesOf(req).filter((m) => m.role === 'assistant').length, req);
  });
  model!.script(...Array.from({ length: calls }, () => step));
}

const finish = (summary: string) => callTool('finish', { summary });
/** A reply streamed slowly, `delayMs` between its events, as a model thinking would. */
const slowly = (step: ScriptStep, delayMs: number): ScriptStep => ({ ...(step as Extract<ScriptStep, { kind: 'reply' }>), delayMs });
const writeFiles = (files: Record<string, string>): ScriptStep =>
  callTools(...Object.entries(files).map(([path, content]) => ({ name: 'write_file', arguments: { path, content } })));

async function run(params: Record<string, unknown> = {}, runs?: { tasks: TaskProgress[] }) {
  t ??= await llmTestContext({ nodeId: 'team' });
  const tasks = runs?.tasks ?? [];
  t.ctx.task = (p) => tasks.push(p);
  const out = await softwareTeamRuntime.run({
    inputs: { blueprint: '# Sum\nA module exporting sum(a, b), with a page showing it and tests.', endpoint: { baseUrl: model!.url, model: 'stand-in-coder' } },
    params: softwareTeamDefinition.params.parse({ roles: ['backend', 'frontend', 'tester'], ...params }),
    ctx: t.ctx,
  });
  return { dir: (out.workspace as { path: string }).path, report: out.report as TeamReport, design: out.design as string, tasks };
}

const SUM_TEST = "import assert from 'node:assert/strict';\nimport { it } from 'node:test';\nimport { sum } from '../sum.js';\nit('adds', () => assert.equal(sum(2, 3), 5));\n";
const PLAN: Plan = {
  design: '# Sum\n\n- backend/: sum.js (JavaScript)\n- frontend/: index.html',
  tasks: [
    { id: 'api', title: 'Write sum', owner: 'backend', description: 'backend/sum.js' },
    { id: 'page', title: 'Write the page', owner: 'frontend', description: 'frontend/index.html' },
    { id: 'tests', title: 'Test sum', owner: 'tester', dependsOn: ['api', 'page'] },
  ],
};

describe('software team with a model (a scripted stand-in)', () => {
  it('runs independent tasks at once, refuses writes outside an agent\'s files, and routes a failing test back to its owner until it passes', async () => {
    model = await startStandInModel();
    let fixSawFailure = false;
    scriptTeam(PLAN, {
      // The api's second answer is slow and the page's first one too: the two tasks overlap, and
      // their calls interleave (api, page, page, page, api).
      api: (n) =>
        n === 0 ? writeFiles({ 'backend/package.json': '{"type":"module"}', 'backend/sum.js': 'export const sum = (a, b) => a - b;\n' }) : slowly(finish('sum written'), 120),
      page: (n, req) => {
        if (n === 0) return slowly(writeFiles({ 'frontend/index.html': '<h1>Sum</h1>' }), 30);
        // The frontend tries to change the backend's file: refused back to it.
        if (n === 1) return callTool('write_file', { path: 'backend/sum.js', content: 'hacked' });
        return finish(`page written; ${toolResults(req).at(-1)}`);
      },
      tests: (n, req) => {
        if (n === 0) return callTools({ name: 'write_file', arguments: { path: 'backend/test/sum.test.js', content: SUM_TEST } }, { name: 'run_command', arguments: { command: 'cd backend && node --test' } });
        if (n === 1) {
          const output = toolResults(req).at(-1)!;
          return output.startsWith('exit code 0') ? finish('all pass') : callTool('report_failure', { owner: 'backend', output });
        }
        return finish('reported');
      },
      fix: (n, req) => {
        if (n > 0) return finish('fixed the sign');
        fixSawFailure = /# Your task: fix-1-backend-tests[\s\S]*-1 !== 5|Expected values/.test(messagesOf(req)[1].content);
        return callTool('write_file', { path: 'backend/sum.js', content: 'export const sum = (a, b) => a + b;\n' });
      },
      retest: (n, req) => {
        if (n === 0) return callTool('run_command', { command: 'cd backend && node --test' });
        return toolResults(req).at(-1)!.startsWith('exit code 0') ? finish('all pass now') : callTool('report_failure', { owner: 'backend', output: toolResults(req).at(-1)! });
      },
    });
    const { dir, report, design, tasks } = await run();

    // Parallel: api and page (no dependencies between them) overlapped in time.
    const task = (id: string) => report.tasks.find((x) => x.id === id)!;
    expect(task('api').startedAt!).toBeLessThan(task('page').finishedAt!);
    expect(task('page').startedAt!).toBeLessThan(task('api').finishedAt!);
    // The tests waited for both.
    expect(task('tests').startedAt!).toBeGreaterThanOrEqual(Math.max(task('api').finishedAt!, task('page').finishedAt!));

    // Ownership: the frontend's write to backend/sum.js was refused back to it, naming the owner.
    expect(task('page').summary).toMatch(/^page written; error: frontend may not write backend\/sum\.js: it belongs to backend/);
    expect(report.agents.find((a) => a.role === 'frontend')!.refused).toEqual(['backend/sum.js']);

    // The failing test went back to the backend with its output, was fixed, and the retest passed.
    expect(fixSawFailure).toBe(true);
    expect(report.fixRounds).toBe(1);
    expect(report.tasks.map((x) => [x.id, x.owner, x.status])).toEqual([
      ['api', 'backend', 'done'],
      ['page', 'frontend', 'done'],
      ['tests', 'tester', 'done'],
      ['fix-1-backend-tests', 'backend', 'done'],
      ['retest-1-tests', 'tester', 'done'],
    ]);
    expect(task('retest-1-tests').summary).toBe('all pass now');
    expect(readFileSync(join(dir, 'backend', 'sum.js'), 'utf8')).toBe('export const sum = (a, b) => a + b;\n');

    // The report per agent, and the design as an output and a file.
    const backend = report.agents.find((a) => a.role === 'backend')!;
    expect(backend).toMatchObject({ tasksDone: ['api', 'fix-1-backend-tests'], files: ['backend/package.json', 'backend/sum.js'], failuresReceived: 1 });
    expect(backend.tokens.prompt).toBeGreaterThan(0);
    expect(report.agents.find((a) => a.role === 'tester')).toMatchObject({ files: ['backend/test/sum.test.js'], commands: { runs: 2, failed: 1 }, tests: { passed: 1, failed: 1 } });
    expect(design).toBe(PLAN.design);
    expect(readFileSync(join(dir, 'DESIGN.md'), 'utf8')).toBe(PLAN.design);
    // The transcript keeps each agent's conversation whole, though parallel tasks interleaved
    // their calls: one conversation per task (and the plan), each opening with its agent's prompt.
    const transcript = t!.store.transcripts.list('test-run', 'team');
    const conversations = [...new Set(transcript.map((e) => e.conversation))];
    expect(conversations).toHaveLength(6);
    for (const c of conversations) {
      const messages = transcript.filter((e) => e.conversation === c).map((e) => e.message);
      expect(messages.filter((m) => m.role === 'system')).toHaveLength(1);
      expect(messages[0].role).toBe('system');
    }
    const backendConversation = transcript.filter((e) => e.conversation === transcript.find((x) => x.message.role === 'user' && /# Your task: api/.test(x.message.content))!.conversation);
    expect(backendConversation.map((e) => e.message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'assistant']);
    // Task events: the node shows each task's progress.
    expect(tasks.filter((p) => p.id === 'tests').map((p) => p.status)).toEqual(['queued', 'running', 'done']);
    expect(tasks.find((p) => p.id === 'fix-1-backend-tests' && p.status === 'done')).toMatchObject({ owner: 'backend', detail: 'fixed the sign' });
  });

  it("runs a command that names no language in the sandbox of the tool it calls or the folder it goes to", async () => {
    model = await startStandInModel();
    const plan: Plan = { design: '# Shop', tasks: [{ id: 'api', title: 'Write the API', owner: 'backend' }] };
    scriptTeam(plan, {
      api: (n) => {
        if (n === 0) return writeFiles({ 'backend/go.mod': 'module shop\n' });
        if (n === 1) return callTools({ name: 'run_command', arguments: { command: 'cd backend && ls' } }, { name: 'run_command', arguments: { command: 'cargo --version' } });
        return finish('done');
      },
    });
    await run({ roles: ['backend'] });
    const log = t!.logText();
    expect(log).toContain('[backend · api] run_command (go) cd backend && ls');
    expect(log).toContain('[backend · api] run_command (rust) cargo --version');
  });

  it('stops a task cleanly when its role has spent its share of the team budget, and says so', async () => {
    model = await startStandInModel();
    scriptTeam({ design: '# Sum', tasks: [{ id: 'api', title: 'Write sum', owner: 'backend' }] }, {
      // The first call spends nearly all of the backend's share.
      api: (n) => (n === 0 ? { kind: 'reply', toolCalls: [{ name: 'write_file', arguments: { path: 'backend/sum.js', content: 'x' } }], usage: { promptTokens: 5800, completionTokens: 50 } } : finish('done')),
    });
    // backend weighs 3, the supervisor 1: backend's share of 8,000 tokens is 6,000.
    const tasks: TaskProgress[] = [];
    const error = await run({ roles: ['backend'], budgetTokens: 8000 }, { tasks }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(
      /^team budget: task "api" stopped before its next model call: the backend role's share of the team budget is 6000 tokens; it has spent 5850, and the next prompt \(about \d+\) would go past it; raise budgetTokens/,
    );
    // Nothing more was asked of the model; what was written stays; the task shows as stopped.
    expect(model.chats).toHaveLength(2);
    expect(readFileSync(join(t!.root, 'team', 'backend', 'sum.js'), 'utf8')).toBe('x');
    expect(tasks.at(-1)).toMatchObject({ id: 'api', status: 'stopped', detail: expect.stringMatching(/^team budget/) });

    // What was spent counts on the next run of the same job: it stops again without asking.
    const again = await run({ roles: ['backend'], budgetTokens: 8000 }).catch((e: unknown) => e as Error);
    expect((again as Error).message).toMatch(/it has spent 5850, and the next prompt/);
    expect(model.chats).toHaveLength(2);
  });

  it('stops a task once its role has spent its share of a budget in dollars', async () => {
    model = await startStandInModel({ models: ['gpt-4o-mini'] });
    scriptTeam({ design: '# Sum', tasks: [{ id: 'api', title: 'Write sum', owner: 'backend' }] }, {
      // A million prompt tokens at gpt-4o-mini's price ($0.15) is past the backend's $0.075.
      api: (n) => (n === 0 ? { kind: 'reply', toolCalls: [{ name: 'write_file', arguments: { path: 'backend/sum.js', content: 'x' } }], usage: { promptTokens: 1_000_000, completionTokens: 0 } } : finish('done')),
    });
    t = await llmTestContext({ nodeId: 'team' });
    const error = await softwareTeamRuntime
      .run({
        inputs: { blueprint: '# Sum', endpoint: { baseUrl: model.url, model: 'gpt-4o-mini' } },
        params: softwareTeamDefinition.params.parse({ roles: ['backend'], budgetDollars: 0.1 }),
        ctx: t.ctx,
      })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      'team budget: task "api" stopped before its next model call: the backend role\'s share of the team budget is $0.0750; it has spent $0.1500; raise budgetTokens or budgetDollars, or give backend a larger creditWeight in its template, then run again (finished tasks are kept)',
    );
    expect(model.chats).toHaveLength(2);
  });

  it('sends a plan that cannot run back to the supervisor once, then refuses it saying why', async () => {
    model = await startStandInModel();
    const bad = { design: '# Sum', tasks: [{ id: 'ui', title: 'Draw it', owner: 'designer' }] };
    model.script(
      reply(JSON.stringify(bad)),
      dynamic((req) =>
        /That plan cannot run: task "ui" goes to "designer", who is not one of the specialists \(backend\)/.test(messagesOf(req).at(-1)!.content)
          ? reply(JSON.stringify({ design: '# Sum', tasks: [{ id: 'ui', title: 'Cycle', owner: 'backend', dependsOn: ['ui'] }] }))
          : reply('not told why'),
      ),
    );
    const error = await run({ roles: ['backend'] }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      'agent supervisor: the plan cannot run: tasks depend on each other in a circle: ui → ui; try a stronger model for planning, or fewer roles',
    );
    expect(model.remaining).toBe(0);
  });

  it("fails a task that takes more model calls than its agent's template allows, naming both", async () => {
    model = await startStandInModel();
    const home = mkdtempSync(join(tmpdir(), 'pw-team-agents-'));
    mkdirSync(join(home, 'agents'));
    const backend = JSON.parse(readFileSync(join(resourcesFolder('agents'), 'backend.json'), 'utf8'));
    writeFileSync(join(home, 'agents', 'backend.json'), JSON.stringify({ ...backend, maxRounds: 2 }));
    const saved = process.env.PIPEWRIGHT_HOME;
    process.env.PIPEWRIGHT_HOME = home;
    try {
      scriptTeam({ design: '# Sum', tasks: [{ id: 'api', title: 'Write sum', owner: 'backend' }] }, { api: () => callTool('list_files', {}) });
      const error = await run({ roles: ['backend'] }).catch((e: unknown) => e as Error);
      expect((error as Error).message).toBe(
        'agent backend: task "api" took 2 model calls without finishing; raise maxRounds in the backend template, or split the task',
      );
    } finally {
      if (saved === undefined) delete process.env.PIPEWRIGHT_HOME;
      else process.env.PIPEWRIGHT_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('stops every agent when the run is cancelled, and says which tasks were stopped', async () => {
    model = await startStandInModel();
    scriptTeam(PLAN, {
      // Both agents take long to answer: the cancel lands while they stream.
      api: () => slowly(reply('thinking '.repeat(100)), 50),
      page: () => slowly(reply('thinking '.repeat(100)), 50),
      tests: () => finish('never reached'),
    });
    const tasks: TaskProgress[] = [];
    const started = Date.now();
    const pending = run({}, { tasks });
    await vi.waitFor(() => expect(tasks.filter((p) => p.status === 'running')).toHaveLength(2), { timeout: 5000 });
    t!.controller.abort();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(tasks.filter((p) => p.status === 'stopped').map((p) => p.id).sort()).toEqual(['api', 'page']);
    expect(tasks.some((p) => p.id === 'tests' && p.status === 'running')).toBe(false);
  });

  it('redoes only unfinished tasks when run again after a failure, without planning again', async () => {
    model = await startStandInModel();
    let pageCalls = 0;
    scriptTeam(PLAN, {
      api: (n) => (n === 0 ? callTool('write_file', { path: 'backend/sum.js', content: 'export const sum = (a, b) => a + b;\n' }) : finish('sum written')),
      // The first time, the page's model call fails for good (400 is not retried).
      page: (n) => (++pageCalls === 1 ? httpError(400, 'the stand-in model refuses this once') : n === 0 ? callTool('write_file', { path: 'frontend/index.html', content: '<h1>Sum</h1>' }) : finish('page written')),
      tests: () => finish('nothing to test'),
    });
    const first = await run({ parallel: 1 }).catch((e: unknown) => e as Error);
    expect((first as Error).message).toMatch(/^task "page" \(frontend\) failed: .*refuses this once/);
    const firstChats = model.chats.length;

    const { report } = await run({ parallel: 1 });
    const asked = model.chats.slice(firstChats);
    expect(asked.some(isPlanning)).toBe(false);
    expect([...new Set(asked.map(taskOf))]).toEqual(['page', 'tests']);
    expect(report.reused).toEqual(['api']);
    expect(report.tasks.map((x) => [x.id, x.status])).toEqual([
      ['api', 'reused'],
      ['page', 'done'],
      ['tests', 'done'],
    ]);
    expect(existsSync(join(t!.root, 'team', 'frontend', 'index.html'))).toBe(true);
  });

  it('works offline in auto mode when no endpoint is connected and the router has none configured', async () => {
    t = await llmTestContext({ nodeId: 'team' });
    const out = await softwareTeamRuntime.run({
      inputs: { blueprint: '# Ledger\nA REST API.\nResources: entries (amount)' },
      params: softwareTeamDefinition.params.parse({ roles: ['backend'] }),
      ctx: t.ctx,
    });
    const report = out.report as TeamReport;
    expect(report).toMatchObject({ mode: 'offline', stack: 'node-api' });
    expect(t.logText()).toContain('[software team, offline: no model; composing the offline scaffolds]');
  });
});
