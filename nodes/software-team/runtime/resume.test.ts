import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines, runCli, startCli } from '../../../main/cli/run-cli.test-support';
import { callTool, dynamic, reply, startStandInModel, type RecordedRequest, type StandInModel } from '../../../main/adapters/llm/stand-in-model.test-support';

// The real CLI in a child process, killed with SIGKILL mid-task; the model is the repo's
// scripted stand-in (an OpenAI-compatible server answering from a script).
let model: StandInModel | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await model?.close();
  model = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Message = { role: string; content: string };
const messagesOf = (req: RecordedRequest): Message[] => req.body.messages;
const isPlanning = (req: RecordedRequest) => /You lead a software team/.test(messagesOf(req)[0].content);
const taskOf = (req: RecordedRequest) => (isPlanning(req) ? 'plan' : (/# Your task: (\S+)/.exec(messagesOf(req)[1].content)?.[1] ?? '?'));

const PLAN = {
  design: '# Notes',
  tasks: [
    { id: 'api', title: 'Write the API', owner: 'backend' },
    { id: 'page', title: 'Write the page', owner: 'frontend', dependsOn: ['api'] },
  ],
};

describe('software team checkpoints', () => {
  it('after kill -9 of the CLI mid-task, --resume redoes only the unfinished task', async () => {
    model = await startStandInModel();
    const home = mkdtempSync(join(tmpdir(), 'pw-team-home-'));
    cleanup.push(home);
    let killed = false;
    const step = dynamic((req) => {
      const assistantTurns = messagesOf(req).filter((m) => m.role === 'assistant').length;
      switch (taskOf(req)) {
        case 'plan':
          return reply(JSON.stringify(PLAN));
        case 'api':
          return assistantTurns === 0 ? callTool('write_file', { path: 'backend/api.js', content: 'export {};\n' }) : callTool('finish', { summary: 'api done' });
        case 'page':
          // Before the kill the page's first answer streams slowly enough for the kill to land mid-answer.
          if (!killed) return { kind: 'reply', content: 'thinking '.repeat(200), delayMs: 50 };
          return assistantTurns === 0 ? callTool('write_file', { path: 'frontend/index.html', content: '<h1>Notes</h1>' }) : callTool('finish', { summary: 'page done' });
        default:
          return reply('unexpected request');
      }
    });
    model.script(...Array.from({ length: 20 }, () => step));

    const file = join(home, 'team.json');
    const node = (id: string, kind: string, params: object) => ({ id, kind, params, position: { x: 0, y: 0 } });
    const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ id: `${from}-${to}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'pipewright/2',
        id: 'team',
        name: 'Team',
        nodes: [
          node('spec', 'text', { text: '# Notes\nA notes API with a page.' }),
          node('model', 'llm-endpoint', { baseUrl: model.url, model: 'stand-in-coder' }),
          node('team', 'software-team', { roles: ['backend', 'frontend'], parallel: 1 }),
        ],
        edges: [edge('spec', 'text', 'team', 'blueprint'), edge('model', 'endpoint', 'team', 'endpoint')],
      }),
    );

    const child = startCli(['run', file, '--json'], home);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.once('close', r));
    // Wait until the page task's model call is in flight: the api task is done and checkpointed.
    const deadline = Date.now() + 60_000;
    while (!model.chats.some((r) => taskOf(r) === 'page')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the page task never started: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    killed = true;
    // The killed run had shown the api task done and the page task running.
    const shown = jsonLines(out).filter((e) => e.type === 'node-task').map((e) => e.task as { id: string; status: string });
    expect(shown).toContainEqual(expect.objectContaining({ id: 'api', status: 'done' }));
    expect(shown.at(-1)).toMatchObject({ id: 'page', status: 'running' });
    const before = model.chats.length;

    const resumed = await runCli(['run', file, '--resume', '--json'], home);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const again = model.chats.slice(before).map(taskOf);
    // No new plan, the api task not redone: only the page task went to the model.
    expect([...new Set(again)]).toEqual(['page']);
    const summary = jsonLines(resumed.stdout).at(-1) as { nodes: Record<string, { status: string; outputs?: { report: { reused: string[]; tasks: { id: string; status: string }[] }; workspace: { path: string } } }> };
    expect(summary.nodes.team.status).toBe('succeeded');
    const outputs = summary.nodes.team.outputs!;
    expect(outputs.report.reused).toEqual(['api']);
    expect(outputs.report.tasks.map((t) => [t.id, t.status])).toEqual([
      ['api', 'reused'],
      ['page', 'done'],
    ]);
    expect(readFileSync(join(outputs.workspace.path, 'backend', 'api.js'), 'utf8')).toBe('export {};\n');
    expect(readFileSync(join(outputs.workspace.path, 'frontend', 'index.html'), 'utf8')).toBe('<h1>Notes</h1>');
  }, 120_000);
});
