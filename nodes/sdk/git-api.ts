/**
 * git as nodes use it; main/adapters/git implements it with the git command line. Errors say
 * what failed and what to do; a token passed in never appears in them or in the log.
 */
export interface GitApi {
  /** The commit checked out in `path`, or undefined when it is not a repository or has no commit yet. */
  head(path: string): Promise<string | undefined>;

  /**
   * Makes `path` a repository on `branch` and commits every change in it (new, changed and
   * deleted files, honouring .gitignore). Creates the repository when there is none and the
   * branch when it does not exist, carrying the working changes over. An unchanged tree makes
   * no commit.
   */
  commitAll(path: string, options: CommitOptions): Promise<CommitResult>;

  /**
   * Pushes `branch` to `remote` (a URL or a path) as `origin`, setting it as the upstream.
   * When the remote's branch has commits this one lacks, `onRemoteAhead` decides: fail with
   * an error naming remote and branch, rebase the local commits onto the remote's and push,
   * or push to a new branch. Says where the commit landed.
   */
  push(path: string, options: PushOptions): Promise<PushResult>;
}

export interface GitAuthor {
  name: string;
  email: string;
}

export interface CommitOptions {
  branch: string;
  message: string;
  /** Author and committer; the repository's or user's git identity when absent, then Pipewright's. */
  author?: Partial<GitAuthor>;
  signal?: AbortSignal;
}

export interface CommitResult {
  /** The commit the branch points at afterwards. */
  commit: string;
  /** False when the tree was unchanged and nothing was committed. */
  committed: boolean;
  /** True when the repository was created by this call. */
  initialised: boolean;
  /** Paths the commit added, changed or removed. */
  changes: string[];
}

export interface PushOptions {
  branch: string;
  remote: string;
  /** An access token for an HTTPS remote, sent as a header: never put in the URL, logs or errors. */
  token?: string;
  /** What to do when the remote's branch moved ahead; 'fail' when absent. */
  onRemoteAhead?: 'fail' | 'rebase' | 'new-branch';
  /** Committer of commits a rebase rewrites; as for CommitOptions when absent. */
  author?: Partial<GitAuthor>;
  signal?: AbortSignal;
}

export interface PushResult {
  /** The remote branch that now holds the commit: `branch`, or the new one. */
  branch: string;
  /** The commit pushed (a rebase makes a new one). */
  commit: string;
  /**
   * How the commit got there: 'earlier-branch' when the remote's branch was still ahead and the
   * commit went on top of the branch an earlier new-branch push made.
   */
  outcome: 'pushed' | 'rebased' | 'new-branch' | 'earlier-branch';
}
