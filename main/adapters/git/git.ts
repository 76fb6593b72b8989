import { realpath } from 'node:fs/promises';
import { simpleGit, type SimpleGit } from 'simple-git';
import {
  NodeError,
  type CapabilityScope,
  type CommitOptions,
  type CommitResult,
  type GitApi,
  type PushOptions,
} from '../../../nodes/sdk';
import { explainPushFailure } from './push-errors';
import { displayRemote, redactor } from './redact';

/** Who commits when neither the node nor git's configuration names anyone. */
export const FALLBACK_AUTHOR = { name: 'Pipewright', email: 'pipewright@localhost' };

/** Interactive helpers (editors, pagers, password prompts): nothing here may wait for a person. */
const INTERACTIVE = new Set(['editor', 'visual', 'pager', 'ssh_askpass', 'prefix']);
/** The person's own ssh choice is honoured (their environment, not input from a pipeline). */
const SSH_VARS = new Set(['GIT_SSH', 'GIT_SSH_COMMAND']);

/**
 * Pipewright's environment minus what would point git somewhere else (another repository,
 * index or config: every other GIT_* variable) or at a helper that waits for a person.
 */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || INTERACTIVE.has(k.toLowerCase())) continue;
    if (k.startsWith('GIT_') && !SSH_VARS.has(k)) continue;
    env[k] = v;
  }
  // A missing credential fails at once instead of waiting for a prompt nobody sees.
  env.GIT_TERMINAL_PROMPT = '0';
  env.GCM_INTERACTIVE = 'never';
  return env;
}

function gitIn(path: string, signal: AbortSignal | undefined, extra: Record<string, string> = {}): SimpleGit {
  const env = { ...inheritedEnv(), ...extra };
  return simpleGit({
    baseDir: path,
    abort: signal,
    // simple-git refuses git-related variables unless named; these are ours, chosen above.
    allowEnvironment: Object.keys(env),
    unsafe: {
      // Set only by tokenEnv below, to hand git the token header without a command-line flag.
      allowUnsafeConfigEnvCount: 'GIT_CONFIG_COUNT' in extra,
      allowUnsafeSshCommand: [...SSH_VARS].some((k) => k in env),
    },
  }).env(env);
}

function abortError(signal: AbortSignal, what: string): Error {
  const err = new Error(`git ${what} cancelled`, { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

function messageOf(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).trim();
}

async function quiet(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    return (await git.raw(args)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether `path` is the top folder of a repository (not merely inside one). */
async function isRepositoryRoot(git: SimpleGit, path: string): Promise<boolean> {
  const top = await quiet(git, ['rev-parse', '--show-toplevel']);
  if (!top) return false;
  return (await realpath(top).catch(() => top)) === (await realpath(path));
}

async function identity(git: SimpleGit, author: CommitOptions['author']): Promise<Record<string, string>> {
  const name = author?.name?.trim() || (await quiet(git, ['config', 'user.name'])) || FALLBACK_AUTHOR.name;
  const email = author?.email?.trim() || (await quiet(git, ['config', 'user.email'])) || FALLBACK_AUTHOR.email;
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

async function switchBranch(git: SimpleGit, branch: string): Promise<void> {
  const current = await quiet(git, ['symbolic-ref', '--short', '-q', 'HEAD']);
  if (current === branch) return;
  const exists = await quiet(git, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`]);
  const born = await quiet(git, ['rev-parse', '--verify', '-q', 'HEAD']);
  try {
    if (exists) await git.raw(['checkout', branch]);
    // A repository without commits has no branch to copy: name the one its first commit makes.
    else if (!born) await git.raw(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    else await git.raw(['checkout', '-b', branch]);
  } catch (err) {
    throw new NodeError(
      `cannot switch to branch "${branch}": ${messageOf(err)}`,
      'The uncommitted changes would be overwritten by that branch. Commit them on the current branch first, or choose a new branch name.',
    );
  }
}

export async function commitAll(path: string, opts: CommitOptions): Promise<CommitResult> {
  const { signal, branch } = opts;
  const git = gitIn(path, signal);
  try {
    await git.raw(['check-ref-format', '--branch', branch]);
  } catch {
    throw new NodeError(`branch name "${branch}" is not valid in git; use letters, digits, / - _ . (no spaces, no "..")`);
  }
  let initialised = false;
  if (!(await isRepositoryRoot(git, path))) {
    await git.raw(['init', '--quiet']);
    initialised = true;
  }
  await switchBranch(git, branch);
  await git.raw(['add', '--all']);
  const changes = (await git.raw(['diff', '--cached', '--name-only', '-z']))
    .split('\0')
    .filter(Boolean);
  const head = await quiet(git, ['rev-parse', '--verify', '-q', 'HEAD']);
  if (changes.length === 0) {
    if (!head) throw new NodeError(`the workspace ${path} has no files to commit; connect a node that writes the project`);
    return { commit: head, committed: false, initialised, changes };
  }
  const committer = gitIn(path, signal, await identity(git, opts.author));
  await committer.raw(['commit', '--quiet', '-m', opts.message]);
  const commit = (await git.raw(['rev-parse', 'HEAD'])).trim();
  return { commit, committed: true, initialised, changes };
}

/** Git reads extra config from these variables: the header never appears on a command line. */
function tokenEnv(remote: string, token: string | undefined): Record<string, string> {
  if (!token) return {};
  let origin: string;
  try {
    const url = new URL(remote);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return {};
    origin = url.origin;
  } catch {
    return {};
  }
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    // Scoped to the remote's origin: a redirect elsewhere does not get the header.
    GIT_CONFIG_KEY_0: `http.${origin}/.extraHeader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

export async function push(path: string, opts: PushOptions): Promise<void> {
  const { signal, branch, remote, token } = opts;
  const redact = redactor([token]);
  const git = gitIn(path, signal);
  const current = await quiet(git, ['remote', 'get-url', 'origin']);
  if (current === undefined) await git.raw(['remote', 'add', 'origin', remote]);
  else if (current !== remote) await git.raw(['remote', 'set-url', 'origin', remote]);
  try {
    await gitIn(path, signal, tokenEnv(remote, token)).raw(['push', '--porcelain', '-u', 'origin', `refs/heads/${branch}:refs/heads/${branch}`]);
  } catch (err) {
    if (signal?.aborted) throw abortError(signal, 'push');
    const { message, hint } = explainPushFailure(redact(messageOf(err)), displayRemote(remote), branch, token !== undefined);
    throw new NodeError(message, hint);
  }
}

export async function head(path: string): Promise<string | undefined> {
  const git = gitIn(path, undefined);
  if (!(await isRepositoryRoot(git, path).catch(() => false))) return undefined;
  return quiet(git, ['rev-parse', '--verify', '-q', 'HEAD']);
}

/**
 * The GitApi a node attempt gets. Every failure leaves through one door that removes the
 * token, whatever git printed.
 */
export function createGit(scope?: Pick<CapabilityScope, 'signal'>): GitApi {
  return {
    head,
    commitAll: (path, opts) => {
      const signal = opts.signal ?? scope?.signal;
      return guarded(() => commitAll(path, { ...opts, signal }), signal, [], 'commit');
    },
    push: (path, opts) => {
      const signal = opts.signal ?? scope?.signal;
      return guarded(() => push(path, { ...opts, signal }), signal, [opts.token], 'push');
    },
  };
}

async function guarded<T>(
  fn: () => Promise<T>,
  signal: AbortSignal | undefined,
  secrets: (string | undefined)[],
  what: string,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (signal?.aborted) throw abortError(signal, what);
    const redact = redactor(secrets);
    if (err instanceof NodeError) throw new NodeError(redact(err.message), err.detail && redact(err.detail));
    throw new NodeError(`git ${what} failed: ${redact(messageOf(err))}`);
  }
}
