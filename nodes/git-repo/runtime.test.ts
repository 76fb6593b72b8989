import { execFileSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../main/adapters/git';
import { createPty } from '../../main/adapters/pty/pty';
import { Store } from '../../main/store';
import { scopedSecrets } from '../../main/scoped-secrets';
import { NodeError, type RepoValue } from '../sdk';
import { createTestRunContext, type TestRunContext } from '../test-context.test-support';
import { gitRepoDefinition } from './definition';
import { gitRepoRuntime } from './runtime';

const TOKEN = 'ghp_s3cretT0kenValue4242';
let t: TestRunContext | undefined;
let store: Store | undefined;
afterEach(async () => {
  await t?.dispose();
  store?.close();
  t = undefined;
  store = undefined;
});

/** A real, encrypted secret store in a temporary data folder, holding the push token. */
async function context(): Promise<TestRunContext> {
  store = Store.open(await mkdtemp(join(tmpdir(), 'pw-git-secrets-')));
  store.secrets.set('GIT_TOKEN', TOKEN);
  t = await createTestRunContext({
    pty: createPty(),
    nodeId: 'repo',
    capabilities: { git: createGit(), secrets: scopedSecrets(store.secrets, { nodeId: 'repo' }) },
  });
  return t;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** A bare repository standing in for GitHub: what was pushed is what it holds. */
async function bareRemote(tc: TestRunContext, name = 'remote.git'): Promise<string> {
  const path = join(tc.root, name);
  await mkdir(path);
  git(path, 'init', '--bare', '--quiet');
  return path;
}

async function workspace(tc: TestRunContext, files: Record<string, string>): Promise<string> {
  const dir = join(tc.root, 'project');
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

function run(tc: TestRunContext, dir: string, params: Record<string, unknown> = {}) {
  return gitRepoRuntime.run({ inputs: { workspace: { path: dir } }, params: gitRepoDefinition.params.parse(params), ctx: tc.ctx });
}

const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');

describe('git-repo node', () => {
  it('makes a repository, commits everything on main and pushes it to the remote', async () => {
    const tc = await context();
    const remote = await bareRemote(tc);
    const dir = await workspace(tc, { 'server.js': 'console.log(1)\n', 'src/util.js': 'x\n', 'node_modules/dep/index.js': 'dep\n', '.env': 'KEY=1\n' });
    const out = await run(tc, dir, { remote, message: 'First version' });
    const repo = out.repo as RepoValue;
    expect(repo).toEqual({ path: dir, branch: 'main', commit: git(dir, 'rev-parse', 'HEAD'), remote });
    expect(out.workspace).toEqual({ path: dir });
    expect(git(remote, 'rev-parse', 'main')).toBe(repo.commit);
    expect(git(remote, 'log', '-1', '--format=%s', 'main')).toBe('First version');
    expect(git(remote, 'ls-tree', '-r', '--name-only', 'main').split('\n')).toEqual(['.gitignore', 'server.js', 'src/util.js']);
    expect(git(dir, 'rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{u}')).toBe('origin/main');
    expect(logText(tc)).toContain('made a new git repository');
    expect(logText(tc)).toContain(`committed 3 files on main as ${repo.commit.slice(0, 7)}: First version`);
  });

  it('makes no commit when nothing changed, and a new one on top when something did', async () => {
    const tc = await context();
    const remote = await bareRemote(tc);
    const dir = await workspace(tc, { 'app.py': 'print(1)\n' });
    const first = (await run(tc, dir, { remote })).repo as RepoValue;
    const same = (await run(tc, dir, { remote })).repo as RepoValue;
    expect(same.commit).toBe(first.commit);
    expect(git(dir, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(logText(tc)).toContain(`nothing changed since ${first.commit.slice(0, 7)} on main: no commit`);

    await writeFile(join(dir, 'app.py'), 'print(2)\n');
    await rm(join(dir, '.gitignore'));
    const next = (await run(tc, dir, { remote, message: 'Second' })).repo as RepoValue;
    expect(next.commit).not.toBe(first.commit);
    expect(git(dir, 'rev-parse', 'HEAD~1')).toBe(first.commit);
    expect(git(remote, 'rev-parse', 'main')).toBe(next.commit);
  });

  it('commits on the branch asked for, creating it, with the author given', async () => {
    const tc = await context();
    const remote = await bareRemote(tc);
    const dir = await workspace(tc, { 'index.html': '<h1>v1</h1>' });
    await run(tc, dir, { remote });
    await writeFile(join(dir, 'index.html'), '<h1>v2</h1>');
    const repo = (await run(tc, dir, { remote, branch: 'feature/new-look', authorName: 'Ada Lovelace', authorEmail: 'ada@example.org' })).repo as RepoValue;
    expect(repo.branch).toBe('feature/new-look');
    expect(git(dir, 'symbolic-ref', '--short', 'HEAD')).toBe('feature/new-look');
    expect(git(remote, 'rev-parse', 'feature/new-look')).toBe(repo.commit);
    expect(git(remote, 'log', '-1', '--format=%an <%ae> / %cn', 'feature/new-look')).toBe('Ada Lovelace <ada@example.org> / Ada Lovelace');
    expect(git(remote, 'show', 'main:index.html')).toBe('<h1>v1</h1>');
  });

  it('commits as Pipewright when neither the node nor git names an author', async () => {
    const tc = await context();
    const dir = await workspace(tc, { 'a.txt': 'x\n' });
    const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
    // A home without a .gitconfig: no user.name or user.email anywhere.
    process.env.HOME = process.env.XDG_CONFIG_HOME = tc.root;
    try {
      await run(tc, dir);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(git(dir, 'log', '-1', '--format=%an <%ae>')).toBe('Pipewright <pipewright@localhost>');
  });

  it('commits into the workspace itself, never into a repository that contains it', async () => {
    const tc = await context();
    const outer = join(tc.root, 'project');
    await mkdir(outer);
    git(outer, 'init', '--quiet');
    const dir = await workspace(tc, { 'generated/app.js': 'x\n' });
    const inner = join(dir, 'generated');
    await run(tc, inner);
    expect(git(inner, 'rev-parse', '--show-toplevel')).toBe(inner);
    expect(() => git(outer, 'rev-parse', 'HEAD')).toThrow();
  });

  it('keeps an existing .gitignore and writes a default one otherwise', async () => {
    const tc = await context();
    const dir = await workspace(tc, { '.gitignore': 'dist/\n', 'dist/out.js': '', 'main.js': '' });
    await run(tc, dir);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('dist/\n');
    expect(git(dir, 'ls-files').split('\n')).toEqual(['.gitignore', 'main.js']);
  });

  it('says the push was rejected when the remote has commits the workspace lacks', async () => {
    const tc = await context();
    const remote = await bareRemote(tc);
    const other = join(tc.root, 'other');
    execFileSync('git', ['clone', '--quiet', remote, other]);
    await writeFile(join(other, 'README.md'), 'someone else\n');
    git(other, 'add', '.');
    git(other, '-c', 'user.name=Other', '-c', 'user.email=o@x', 'commit', '--quiet', '-m', 'theirs');
    git(other, 'push', '--quiet', 'origin', 'HEAD:main');

    const dir = await workspace(tc, { 'a.txt': 'mine\n' });
    const error = (await run(tc, dir, { remote }).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(`push to ${remote} was rejected: the remote's main has commits this repository does not`);
    expect(error.detail).toContain('push to another branch');
  });

  it('says there is no repository at a remote path that does not exist', async () => {
    const tc = await context();
    const dir = await workspace(tc, { 'a.txt': 'x\n' });
    const missing = join(tc.root, 'nowhere.git');
    const error = (await run(tc, dir, { remote: missing }).catch((e: unknown) => e)) as NodeError;
    expect(error.message).toBe(`push failed: no repository at ${missing}`);
  });

  it('sends the token to an HTTPS remote as a header, and never shows it in errors or logs', async () => {
    const tc = await context();
    const seen: IncomingHttpHeaders[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('denied');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const remote = `http://127.0.0.1:${(server.address() as { port: number }).port}/acme/app.git`;
    try {
      const dir = await workspace(tc, { 'a.txt': 'x\n' });
      const error = (await run(tc, dir, { remote, tokenSecret: 'GIT_TOKEN' }).catch((e: unknown) => e)) as NodeError;
      expect(error).toBeInstanceOf(NodeError);
      expect(error.message).toBe(`push to ${remote} was refused: authentication failed`);
      expect(error.detail).toMatch(/The token was sent but not accepted: check that the secret named in tokenSecret/);
      const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
      expect(seen.some((h) => h.authorization === `Basic ${basic}`)).toBe(true);
      const everything = [error.message, error.detail, error.stack, logText(tc), await readFile(join(dir, '.git', 'config'), 'utf8')].join('\n');
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(basic);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('never keeps credentials typed into a remote URL in its output or errors', async () => {
    const tc = await context();
    const dir = await workspace(tc, { 'a.txt': 'x\n' });
    const error = (await run(tc, dir, { remote: `http://bot:${TOKEN}@127.0.0.1:9/acme/app.git` }).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe('push failed: http://***@127.0.0.1:9/acme/app.git cannot be reached');
    expect([error.message, error.detail, logText(tc)].join('\n')).not.toContain(TOKEN);
  });

  it('names a secret that is not set', async () => {
    const tc = await context();
    const dir = await workspace(tc, { 'a.txt': 'x\n' });
    await expect(run(tc, dir, { remote: 'https://example.invalid/r.git', tokenSecret: 'MISSING_TOKEN' })).rejects.toThrow(
      /node "repo" needs the secret "MISSING_TOKEN", which is not set: set it with pipewright secret set MISSING_TOKEN/,
    );
  });

  it('refuses a branch name git cannot use, and a workspace with nothing to commit', async () => {
    const tc = await context();
    const dir = await workspace(tc, { 'a.txt': 'x\n' });
    await expect(run(tc, dir, { branch: 'bad..name' })).rejects.toThrow('branch name "bad..name" is not valid in git');
    const empty = join(tc.root, 'empty');
    await mkdir(empty);
    // Ignores everything, itself included: nothing is left to commit.
    await writeFile(join(empty, '.gitignore'), '*\n');
    await expect(run(tc, empty)).rejects.toThrow(`the workspace ${empty} has no files to commit`);
  });
});
