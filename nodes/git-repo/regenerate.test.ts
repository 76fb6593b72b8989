import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../main/adapters/git';
import { createPty } from '../../main/adapters/pty/pty';
import { codeGeneratorDefinition } from '../code-generator/definition';
import { codeGeneratorRuntime } from '../code-generator/runtime';
import type { GenerationReport } from '../code-generator/runtime/report';
import { NodeError, type RepoValue } from '../sdk';
import { createTestRunContext, type TestRunContext } from '../test-context.test-support';
import { gitRepoDefinition } from './definition';
import { gitRepoRuntime } from './runtime';

// The code generator runs offline (scaffolds, no model); git, the remote and the files are real.
let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const API = '# Book Club\nA REST API for a reading club.\nResources: books (title, author), members (name)';
const SITE = '# Book Club\nA landing page for our reading club.\nSections: books, meetings';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

async function setup(): Promise<{ tc: TestRunContext; remote: string }> {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'generate', capabilities: { git: createGit() } });
  const remote = join(t.root, 'remote.git');
  await mkdir(remote);
  git(remote, 'init', '--bare', '--quiet');
  return { tc: t, remote };
}

async function generate(tc: TestRunContext, blueprint: string, params: Record<string, unknown> = {}) {
  const out = await codeGeneratorRuntime.run({
    inputs: { blueprint },
    params: codeGeneratorDefinition.params.parse({ mode: 'offline', ...params }),
    ctx: tc.ctx,
  });
  return { dir: (out.workspace as { path: string }).path, report: out.report as GenerationReport };
}

async function commitAndPush(tc: TestRunContext, dir: string, params: Record<string, unknown>): Promise<RepoValue> {
  const out = await gitRepoRuntime.run({ inputs: { workspace: { path: dir } }, params: gitRepoDefinition.params.parse(params), ctx: tc.ctx });
  return out.repo as RepoValue;
}

/** Someone else clones the remote, commits `file` and pushes to main. Returns their commit. */
async function someoneElsePushes(tc: TestRunContext, remote: string, file: string, content: string): Promise<string> {
  const other = join(tc.root, `other-${Date.now()}`);
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, other]);
  await writeFile(join(other, file), content);
  git(other, 'add', '.');
  git(other, '-c', 'user.name=Grace', '-c', 'user.email=grace@example.org', 'commit', '--quiet', '-m', `Grace adds ${file}`);
  git(other, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(other, 'rev-parse', 'HEAD');
}

const tree = (repo: string, ref: string) => git(repo, 'ls-tree', '-r', '--name-only', ref).split('\n');
const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');

/** A project generated and pushed, then regenerated from the other blueprint and committed. */
async function pushedThenRegenerated(tc: TestRunContext, remote: string) {
  const { dir } = await generate(tc, API);
  const first = await commitAndPush(tc, dir, { remote, message: 'Book Club API' });
  const second = await generate(tc, SITE);
  expect(second.dir).toBe(dir);
  return { dir, first };
}

describe('regenerating a project that git-repo pushed', () => {
  it('updates the folder in place and pushes the change on top of the first push', async () => {
    const { tc, remote } = await setup();
    const { dir, report: made } = await generate(tc, API);
    expect(made.files).toContain('src/app.js');
    const first = await commitAndPush(tc, dir, { remote, message: 'Book Club API' });
    expect(git(remote, 'rev-parse', 'main')).toBe(first.commit);

    await writeFile(join(dir, 'NOTES.md'), 'Ask Grace about the reading list.\n');
    const { dir: again, report } = await generate(tc, SITE);
    expect(again).toBe(dir);

    // The repository survived: still on the first commit, with the new files as changes to it.
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(first.commit);
    expect(await readFile(join(dir, 'site', 'index.html'), 'utf8')).toContain('<h1>Book Club</h1>');
    expect(await readFile(join(dir, 'NOTES.md'), 'utf8')).toBe('Ask Grace about the reading list.\n');
    for (const gone of ['src/app.js', 'src/server.js', 'resources.json', 'test/api.test.js']) expect(existsSync(join(dir, gone))).toBe(false);
    expect(existsSync(join(dir, 'src'))).toBe(false);
    expect(report.deleted).toEqual(['resources.json', 'src/app.js', 'src/server.js', 'test/api.test.js']);
    expect(logText(tc)).toContain('[removed what the blueprint no longer makes: resources.json, src/app.js, src/server.js, test/api.test.js]');
    // What the generator remembers about its files is not in the workspace.
    expect(readdirSync(dir).sort()).toEqual(['.git', '.gitignore', 'NOTES.md', 'README.md', 'package.json', 'server.js', 'site', 'test']);

    const second = await commitAndPush(tc, dir, { remote, message: 'Book Club site' });
    expect(git(remote, 'rev-parse', 'main')).toBe(second.commit);
    expect(git(remote, 'rev-parse', `${second.commit}^`)).toBe(first.commit);
    expect(git(remote, 'log', '--format=%s', 'main').split('\n')).toEqual(['Book Club site', 'Book Club API']);
    expect(tree(remote, 'main')).toEqual([
      '.gitignore',
      'NOTES.md',
      'README.md',
      'package.json',
      'server.js',
      'site/index.html',
      'site/styles.css',
      'test/site.test.js',
    ]);
    expect(logText(tc).match(/made a new git repository/g)).toHaveLength(1);
  });

  it('keeps a file it made earlier when the person changed it since, and says so', async () => {
    const { tc } = await setup();
    const { dir } = await generate(tc, API);
    await writeFile(join(dir, 'src', 'app.js'), '// my own routes now\n');
    await writeFile(join(dir, 'server.js'), '// mine, where the site scaffold puts its server\n');
    const { report } = await generate(tc, SITE);
    expect(logText(tc)).toContain('[the scaffold replaces server.js, which the code generator had not made; commit your own version first');
    expect(await readFile(join(dir, 'src', 'app.js'), 'utf8')).toBe('// my own routes now\n');
    expect(existsSync(join(dir, 'src', 'server.js'))).toBe(false);
    expect(report.deleted).not.toContain('src/app.js');
    expect(logText(tc)).toContain('[kept src/app.js: the blueprint no longer makes it, but it was changed since it was generated');

    // From now on it is the person's: the next run leaves it alone without a word.
    const before = logText(tc).length;
    await generate(tc, SITE);
    expect(await readFile(join(dir, 'src', 'app.js'), 'utf8')).toBe('// my own routes now\n');
    expect(logText(tc).slice(before)).not.toContain('src/app.js');
  });

  it('remembers the files of a run that failed, so the next one still removes them', async () => {
    const { tc } = await setup();
    await expect(generate(tc, API, { verifyCommand: 'exit 3' })).rejects.toThrow('fails on the offline scaffold (exit code 3)');
    const { dir, report } = await generate(tc, SITE);
    expect(existsSync(join(dir, 'src', 'app.js'))).toBe(false);
    expect(report.deleted).toContain('src/app.js');
  });

  it('stops with an error naming remote, branch and onRemoteAhead when someone pushed first', async () => {
    const { tc, remote } = await setup();
    const { dir } = await pushedThenRegenerated(tc, remote);
    const theirs = await someoneElsePushes(tc, remote, 'CONTRIBUTING.md', 'Be kind.\n');

    const error = (await commitAndPush(tc, dir, { remote, message: 'Book Club site' }).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(`push to ${remote} was rejected: the remote's main has commits this repository does not`);
    expect(error.detail).toContain('Set onRemoteAhead to "rebase"');
    expect(error.detail).toContain('"new-branch"');
    expect(git(remote, 'rev-parse', 'main')).toBe(theirs);
  });

  it('with onRemoteAhead rebase, puts the commit on top of theirs and pushes it', async () => {
    const { tc, remote } = await setup();
    const { dir, first } = await pushedThenRegenerated(tc, remote);
    const theirs = await someoneElsePushes(tc, remote, 'CONTRIBUTING.md', 'Be kind.\n');

    const repo = await commitAndPush(tc, dir, { remote, message: 'Book Club site', onRemoteAhead: 'rebase' });
    expect(repo.branch).toBe('main');
    expect(git(remote, 'rev-parse', 'main')).toBe(repo.commit);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(repo.commit);
    expect(git(remote, 'log', '--format=%s', 'main').split('\n')).toEqual(['Book Club site', 'Grace adds CONTRIBUTING.md', 'Book Club API']);
    expect(git(remote, 'rev-parse', 'main^')).toBe(theirs);
    expect(git(remote, 'rev-parse', 'main~2')).toBe(first.commit);
    expect(tree(remote, 'main')).toEqual(expect.arrayContaining(['CONTRIBUTING.md', 'site/index.html']));
    expect(tree(remote, 'main')).not.toContain('src/app.js');
    expect(await readFile(join(dir, 'CONTRIBUTING.md'), 'utf8')).toBe('Be kind.\n');
    expect(logText(tc)).toContain(`had new commits on main: rebased onto them as ${repo.commit.slice(0, 7)} and pushed`);
  });

  it('with onRemoteAhead rebase, a conflict stops without pushing and leaves the workspace as it was', async () => {
    const { tc, remote } = await setup();
    const { dir } = await pushedThenRegenerated(tc, remote);
    const theirs = await someoneElsePushes(tc, remote, 'README.md', 'Their own README\n');
    const mine = await readFile(join(dir, 'README.md'), 'utf8');

    const error = (await commitAndPush(tc, dir, { remote, onRemoteAhead: 'rebase' }).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(`cannot rebase main onto ${remote}'s main: both changed README.md`);
    expect(error.detail).toContain('Set onRemoteAhead to "new-branch"');
    expect(git(remote, 'rev-parse', 'main')).toBe(theirs);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe(mine);
  });

  it('with onRemoteAhead new-branch, pushes to a new branch and gives its name in the repo output', async () => {
    const { tc, remote } = await setup();
    const { dir, first } = await pushedThenRegenerated(tc, remote);
    const theirs = await someoneElsePushes(tc, remote, 'README.md', 'Their own README\n');

    const repo = await commitAndPush(tc, dir, { remote, message: 'Book Club site', onRemoteAhead: 'new-branch' });
    expect(repo.branch).toBe(`main-${repo.commit.slice(0, 7)}`);
    expect(git(remote, 'rev-parse', repo.branch)).toBe(repo.commit);
    expect(git(remote, 'rev-parse', `${repo.branch}^`)).toBe(first.commit);
    expect(tree(remote, repo.branch)).toContain('site/index.html');
    expect(git(remote, 'rev-parse', 'main')).toBe(theirs);
    expect(logText(tc)).toContain(`pushed ${repo.commit.slice(0, 7)} to the new branch ${repo.branch} instead`);

    // Run again unchanged: the same commit goes to the same branch, not to yet another one.
    const again = await commitAndPush(tc, dir, { remote, message: 'Book Club site', onRemoteAhead: 'new-branch' });
    expect(again.branch).toBe(repo.branch);
    expect(git(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').sort()).toEqual(['main', repo.branch]);
  });

  it('with onRemoteAhead new-branch, a later regeneration goes on top of the branch the earlier run made', async () => {
    const { tc, remote } = await setup();
    const { dir } = await pushedThenRegenerated(tc, remote);
    const theirs = await someoneElsePushes(tc, remote, 'README.md', 'Their own README\n');
    const first = await commitAndPush(tc, dir, { remote, message: 'Book Club site', onRemoteAhead: 'new-branch' });

    await generate(tc, API.replace('members (name)', 'members (name), loans (book)'));
    const second = await commitAndPush(tc, dir, { remote, message: 'Book Club API with loans', onRemoteAhead: 'new-branch' });
    expect(second.branch).toBe(first.branch);
    expect(git(remote, 'rev-parse', first.branch)).toBe(second.commit);
    expect(git(remote, 'rev-parse', `${second.commit}^`)).toBe(first.commit);
    expect(git(remote, 'rev-parse', 'main')).toBe(theirs);
    expect(git(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').sort()).toEqual(['main', first.branch]);
    expect(logText(tc)).toContain(`pushed ${second.commit.slice(0, 7)} to ${first.branch}, the branch an earlier run made`);

    // Someone pushed to that branch too: the next commit gets a branch of its own, and theirs stays.
    const other = join(tc.root, 'other-on-branch');
    execFileSync('git', ['clone', '--quiet', '--branch', first.branch, remote, other]);
    await writeFile(join(other, 'REVIEW.md'), 'Looks good.\n');
    git(other, 'add', '.');
    git(other, '-c', 'user.name=Grace', '-c', 'user.email=grace@example.org', 'commit', '--quiet', '-m', 'Review');
    git(other, 'push', '--quiet', 'origin', `HEAD:${first.branch}`);
    const reviewed = git(other, 'rev-parse', 'HEAD');
    await generate(tc, SITE);
    const third = await commitAndPush(tc, dir, { remote, message: 'Book Club site again', onRemoteAhead: 'new-branch' });
    expect(third.branch).toBe(`main-${third.commit.slice(0, 7)}`);
    expect(git(remote, 'rev-parse', first.branch)).toBe(reviewed);
  });
});
