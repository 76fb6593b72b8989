import { realpathSync } from 'node:fs';
import type { SimpleGit } from 'simple-git';
import { loadLater } from '../load-later';
import type { GitAuthor } from '../../../nodes/sdk';

const simpleGit = loadLater<typeof import('simple-git')>('simple-git');

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

/**
 * When Pipewright runs as root (CI, some servers), sandboxed nodes run as an unprivileged uid and
 * are handed the workspace (docker/host-user.ts), and git then refuses the folder as owned by
 * someone else. The workspace is Pipewright's own, written by its sandbox as it is for a person
 * who is not root (whose containers run as themselves), so it is trusted for this command only.
 */
function ownWorkspace(path: string): string[] {
  if (process.getuid?.() !== 0) return [];
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // A folder not made yet (git init makes it): the path as given.
  }
  return [...new Set([path, real])].map((p) => `safe.directory=${p}`);
}

export function gitIn(path: string, signal: AbortSignal | undefined, extra: Record<string, string> = {}): SimpleGit {
  const env = { ...inheritedEnv(), ...extra };
  return simpleGit().simpleGit({
    baseDir: path,
    abort: signal,
    config: ownWorkspace(path),
    // simple-git refuses git-related variables unless named; these are ours, chosen above.
    allowEnvironment: Object.keys(env),
    unsafe: {
      // Set only by tokenEnv, to hand git the token header without a command-line flag.
      allowUnsafeConfigEnvCount: 'GIT_CONFIG_COUNT' in extra,
      allowUnsafeSshCommand: [...SSH_VARS].some((k) => k in env),
    },
  }).env(env);
}

export function abortError(signal: AbortSignal, what: string): Error {
  const err = new Error(`git ${what} cancelled`, { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

export function messageOf(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).trim();
}

/** What git printed, or undefined when it failed or printed nothing. */
export async function quiet(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    return (await git.raw(args)).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Author and committer variables: the one given, else git's configuration, else Pipewright. */
export async function identity(git: SimpleGit, author: Partial<GitAuthor> | undefined): Promise<Record<string, string>> {
  const name = author?.name?.trim() || (await quiet(git, ['config', 'user.name'])) || FALLBACK_AUTHOR.name;
  const email = author?.email?.trim() || (await quiet(git, ['config', 'user.email'])) || FALLBACK_AUTHOR.email;
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

/** Git reads extra config from these variables: the header never appears on a command line. */
export function tokenEnv(remote: string, token: string | undefined): Record<string, string> {
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
