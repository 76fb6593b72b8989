import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { llmTestContext, type LlmTestContext } from '../../../main/adapters/llm/llm-context.test-support';
import { callTool, callTools, reply, startStandInModel, type RecordedRequest, type StandInModel } from '../../../main/adapters/llm/stand-in-model.test-support';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';
import type { GenerationReport } from './report';

// The model is a scripted stand-in (no model runs here); the folder, git and the files are real.
let model: StandInModel | undefined;
let t: LlmTestContext | undefined;
afterEach(async () => {
  await model?.close();
  await t?.dispose();
  model = t = undefined;
});

async function run(mode: 'agent' | 'single-shot', blueprint: string, inputs: Record<string, unknown> = {}) {
  t ??= await llmTestContext({ nodeId: 'generate' });
  const out = await codeGeneratorRuntime.run({
    inputs: { blueprint, endpoint: { baseUrl: model!.url, model: 'stand-in-coder' }, ...inputs },
    params: codeGeneratorDefinition.params.parse({ mode }),
    ctx: t.ctx,
  });
  return { dir: (out.workspace as { path: string }).path, report: out.report as GenerationReport };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** Commits the folder as git-repo would, so there is history to keep. */
function commit(dir: string): string {
  git(dir, 'init', '--quiet', '-b', 'main');
  git(dir, 'add', '--all');
  git(dir, '-c', 'user.name=Ada', '-c', 'user.email=ada@example.org', 'commit', '--quiet', '-m', 'first');
  return git(dir, 'rev-parse', 'HEAD');
}

const toolResults = (req: RecordedRequest): string[] =>
  req.body.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => m.content);

describe('code generator, running again in its own folder', () => {
  it('agent: keeps .git and the files added by hand, and may delete only what it made', async () => {
    model = await startStandInModel();
    model.script(
      callTools(
        { name: 'write_file', arguments: { path: 'app.js', content: 'console.log("v1")\n' } },
        { name: 'write_file', arguments: { path: 'lib/old.js', content: 'module.exports = 1\n' } },
      ),
      callTool('finish', { summary: 'v1' }),
    );
    const { dir } = await run('agent', '# App\nVersion one.');
    writeFileSync(join(dir, 'NOTES.md'), 'mine\n');
    const first = commit(dir);

    model.script(
      callTools(
        { name: 'write_file', arguments: { path: '.git/hooks/pre-commit', content: '#!/bin/sh\necho owned\n' } },
        { name: 'write_file', arguments: { path: './.GIT/config', content: '' } },
        { name: 'delete_file', arguments: { path: 'NOTES.md' } },
        { name: 'delete_file', arguments: { path: '.' } },
        { name: 'delete_file', arguments: { path: 'lib' } },
        { name: 'write_file', arguments: { path: 'app.js', content: 'console.log("v2")\n' } },
      ),
      callTool('finish', { summary: 'v2' }),
    );
    const { dir: again, report } = await run('agent', '# App\nVersion two, without lib.');
    expect(again).toBe(dir);

    // The model was shown the project as it is, its own files and the person's.
    expect(model.chats.at(-2)!.body.messages[1].content).toContain('Files:\nNOTES.md\napp.js\nlib/old.js');
    const results = toolResults(model.chats.at(-1)!);
    expect(results[0]).toBe('error: ".git/hooks/pre-commit" is inside .git, which holds the repository\'s history; it is never written by the code generator');
    expect(results[1]).toMatch(/^error: "\.\/\.GIT\/config" is inside \.git/);
    expect(results[2]).toBe('error: NOTES.md was not made by the code generator (added by hand), so it stays; leave it as it is');
    expect(results[3]).toMatch(/^error: /);
    expect(results[4]).toBe('deleted lib');

    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(first);
    expect(readFileSync(join(dir, 'NOTES.md'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'app.js'), 'utf8')).toBe('console.log("v2")\n');
    expect(existsSync(join(dir, 'lib'))).toBe(false);
    expect(report).toMatchObject({ files: ['app.js'], deleted: ['lib'] });
    expect(git(dir, 'status', '--porcelain').split('\n').map((l) => l.trim())).toEqual(['M app.js', 'D lib/old.js']);
  });

  it('agent: in a connected workspace (code handed over to change) deleting any file is allowed', async () => {
    model = await startStandInModel();
    t = await llmTestContext({ nodeId: 'generate' });
    const handed = join(t.root, 'handed-over');
    mkdirSync(handed);
    writeFileSync(join(handed, 'legacy.js'), 'old\n');
    model.script(callTool('delete_file', { path: 'legacy.js' }), callTool('finish', { summary: 'removed legacy' }));
    const { report } = await run('agent', '# App\nDrop the legacy code.', { workspace: { path: handed } });
    expect(existsSync(join(handed, 'legacy.js'))).toBe(false);
    expect(report.deleted).toEqual(['legacy.js']);
  });

  it('single-shot: removes files the model lists under "delete" and never writes into .git', async () => {
    model = await startStandInModel();
    const answer = (body: object) => reply(JSON.stringify({ summary: 's', ...body }));
    model.script(answer({ files: [{ path: 'a.js', content: 'a' }, { path: 'b.js', content: 'b' }] }));
    const { dir } = await run('single-shot', '# Two files');
    writeFileSync(join(dir, 'mine.txt'), 'mine\n');
    const first = commit(dir);

    model.script(
      answer({
        files: [
          { path: 'a.js', content: 'a2' },
          { path: '.git/HEAD', content: 'ref: refs/heads/elsewhere\n' },
        ],
        delete: ['b.js', 'mine.txt'],
      }),
    );
    const { report } = await run('single-shot', '# One file');
    const system = model.chats.at(-1)!.body.messages[0].content as string;
    expect(system).toContain('add "delete": ["relative/path", ...] to the JSON');
    expect(readFileSync(join(dir, 'a.js'), 'utf8')).toBe('a2');
    expect(existsSync(join(dir, 'b.js'))).toBe(false);
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('mine\n');
    expect(git(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(first);
    expect(report).toMatchObject({ files: ['a.js'], deleted: ['b.js'], refused: ['.git/HEAD'] });
    expect(t!.logText()).toContain('✗ delete mine.txt: mine.txt was not made by the code generator (added by hand), so it stays');
  });
});
