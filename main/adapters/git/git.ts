import { realpath } from 'node:fs/promises';
import type { SimpleGit } from 'simple-git';
import { NodeError, type CapabilityScope, type CommitOptions, type CommitResult, type GitApi } from '../../../nodes/sdk';
import { abortError, gitIn, identity, messageOf, quiet } from './git-command';
import { push } from './push';
import { redactor } from './redact';

export { FALLBACK_AUTHOR } from './git-command';

/** Whether `path` is the top folder of a repository (not merely inside one). */
async function isRepositoryRoot(git: SimpleGit, path: string): Promise<boolean> {
  const top = await quiet(git, ['rev-parse', '--show-toplevel']);
  if (!top) return false;
  return (await realpath(top).catch(() => top)) === (await realpath(path));
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
