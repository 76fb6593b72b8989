import type { SimpleGit } from 'simple-git';
import { NodeError, type PushOptions, type PushResult } from '../../../nodes/sdk';
import { abortError, gitIn, identity, messageOf, quiet, tokenEnv } from './git-command';
import { explainPushFailure, remoteAhead } from './push-errors';
import { displayRemote, redactor } from './redact';

/** How many `<branch>-<commit>-N` names new-branch tries before giving up. */
const MAX_BRANCH_SUFFIX = 9;

/** Runs `git push`; returns what git printed when it refused, undefined when the push landed. */
async function tryPush(git: SimpleGit, args: string[], signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    await git.raw(['push', '--porcelain', ...args]);
    return undefined;
  } catch (err) {
    if (signal?.aborted) throw abortError(signal, 'push');
    return messageOf(err);
  }
}

/** Pushing to several remotes over time is fine: `origin` follows the node's param. */
async function pointOrigin(git: SimpleGit, remote: string): Promise<void> {
  const current = await quiet(git, ['remote', 'get-url', 'origin']);
  if (current === undefined) await git.raw(['remote', 'add', 'origin', remote]);
  else if (current !== remote) await git.raw(['remote', 'set-url', 'origin', remote]);
}

export async function push(path: string, opts: PushOptions): Promise<PushResult> {
  const { signal, branch, remote, token } = opts;
  const redact = redactor([token]);
  const shown = displayRemote(remote);
  const git = gitIn(path, signal);
  const authed = gitIn(path, signal, tokenEnv(remote, token));
  const refused = (output: string, forBranch = branch): NodeError => {
    const { message, hint } = explainPushFailure(redact(output), shown, forBranch, token !== undefined);
    return new NodeError(message, hint);
  };
  await pointOrigin(git, remote);
  const commit = (await git.raw(['rev-parse', 'HEAD'])).trim();

  const first = await tryPush(authed, ['-u', 'origin', `refs/heads/${branch}:refs/heads/${branch}`], signal);
  if (first === undefined) return { branch, commit, outcome: 'pushed' };
  const choice = opts.onRemoteAhead ?? 'fail';
  if (!remoteAhead(first) || choice === 'fail') throw refused(first);

  if (choice === 'rebase') {
    const rebased = await rebaseOntoRemote(path, opts, authed, refused);
    const again = await tryPush(authed, ['-u', 'origin', `refs/heads/${branch}:refs/heads/${branch}`], signal);
    if (again !== undefined) throw refused(again);
    return { branch, commit: rebased, outcome: 'rebased' };
  }

  // The branch an earlier run made goes on, rather than one more branch for every run.
  const earlier = await earlierBranch(git, authed, branch, commit);
  if (earlier !== undefined && (await tryPush(authed, ['origin', `${commit}:refs/heads/${earlier}`], signal)) === undefined) {
    return { branch: earlier, commit, outcome: 'earlier-branch' };
  }
  const target = await freeBranchName(authed, branch, commit, redact, shown);
  const pushed = await tryPush(authed, ['origin', `${commit}:refs/heads/${target}`], signal);
  if (pushed !== undefined) throw refused(pushed, target);
  return { branch: target, commit, outcome: 'new-branch' };
}

/**
 * Fetches the remote's branch and replays the local commits on top of it. A conflict leaves
 * the repository as it was before and says which files both sides changed.
 */
async function rebaseOntoRemote(
  path: string,
  opts: PushOptions,
  authed: SimpleGit,
  refused: (output: string) => NodeError,
): Promise<string> {
  const { signal, branch } = opts;
  const tracking = `refs/remotes/origin/${branch}`;
  try {
    await authed.raw(['fetch', '--quiet', 'origin', `+refs/heads/${branch}:${tracking}`]);
  } catch (err) {
    if (signal?.aborted) throw abortError(signal, 'fetch');
    throw refused(messageOf(err));
  }
  const git = gitIn(path, signal);
  const rebaser = gitIn(path, signal, await identity(git, opts.author));
  const before = (await git.raw(['rev-parse', 'HEAD'])).trim();
  try {
    await rebaser.raw(['rebase', '--quiet', tracking]);
  } catch (err) {
    // Cancelled or not, a rebase stopped half-way is undone: the next run starts from a clean branch.
    const undo = gitIn(path, undefined);
    const conflicted = (await quiet(undo, ['diff', '--name-only', '--diff-filter=U']))?.split('\n') ?? [];
    await quiet(undo, ['rebase', '--abort']);
    if (signal?.aborted) throw abortError(signal, 'rebase');
    const remote = displayRemote(opts.remote);
    throw new NodeError(
      conflicted.length
        ? `cannot rebase ${branch} onto ${remote}'s ${branch}: both changed ${conflicted.join(', ')}`
        : `cannot rebase ${branch} onto ${remote}'s ${branch}: ${messageOf(err)}`,
      `Nothing was pushed and the workspace is back at ${before.slice(0, 7)}. Set onRemoteAhead to "new-branch" to push this commit to a branch of its own, or merge ${remote}'s ${branch} by hand in ${path}.`,
    );
  }
  return (await git.raw(['rev-parse', 'HEAD'])).trim();
}

/**
 * The remote branch a new-branch push of this repository made before (`<branch>-<commit>`,
 * its tip a commit this one builds on), nearest first; undefined when there is none.
 */
async function earlierBranch(git: SimpleGit, authed: SimpleGit, branch: string, commit: string): Promise<string | undefined> {
  const listing = await quiet(authed, ['ls-remote', '--heads', 'origin', `refs/heads/${branch}-*`]);
  const made = new RegExp(`^${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{7}(?:-\\d+)?$`);
  let best: { name: string; ahead: number } | undefined;
  for (const line of listing?.split('\n') ?? []) {
    const [sha, ref] = line.trim().split(/\s+/);
    const name = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    if (!sha || !name || !made.test(name)) continue;
    // Its tip must be in this repository's history (a commit someone else made is not known here).
    if ((await quiet(git, ['rev-list', '--count', sha, `^${commit}`])) !== '0') continue;
    const ahead = Number(await quiet(git, ['rev-list', '--count', commit, `^${sha}`]));
    if (Number.isFinite(ahead) && (!best || ahead < best.ahead)) best = { name, ahead };
  }
  return best?.name;
}

/** `<branch>-<short commit>`, with a number after it when the remote already has that name for another commit. */
async function freeBranchName(
  authed: SimpleGit,
  branch: string,
  commit: string,
  redact: (text: string) => string,
  remote: string,
): Promise<string> {
  const base = `${branch}-${commit.slice(0, 7)}`;
  let listing: string;
  try {
    listing = await authed.raw(['ls-remote', '--heads', 'origin', `refs/heads/${base}*`]);
  } catch (err) {
    throw new NodeError(`cannot list the branches of ${remote}: ${redact(messageOf(err))}`);
  }
  const taken = new Map<string, string>();
  for (const line of listing.split('\n')) {
    const [sha, ref] = line.trim().split(/\s+/);
    if (ref?.startsWith('refs/heads/')) taken.set(ref.slice('refs/heads/'.length), sha);
  }
  for (let n = 1; n <= MAX_BRANCH_SUFFIX; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    // The same commit already there (a run repeated) is pushed there again, not to yet another name.
    if (!taken.has(name) || taken.get(name) === commit) return name;
  }
  throw new NodeError(
    `${remote} already has branches ${base} to ${base}-${MAX_BRANCH_SUFFIX} holding other commits`,
    'Set the branch param to a name of its own, or delete the old branches on the remote.',
  );
}
