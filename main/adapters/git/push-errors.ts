/** What went wrong with a push, from what git printed, and what the person can do. */
export function explainPushFailure(
  output: string,
  remote: string,
  branch: string,
  hadToken: boolean,
): { message: string; hint: string } {
  const text = output.replace(/\s+$/, '');
  const auth =
    /authentication failed|could not read (username|password)|terminal prompts disabled|access denied|http basic|401|403|permission denied \(publickey|invalid username or password/i;
  if (auth.test(text)) {
    return {
      message: `push to ${remote} was refused: authentication failed`,
      hint: hadToken
        ? 'The token was sent but not accepted: check that the secret named in tokenSecret holds a valid token with write access to this repository.'
        : 'Set tokenSecret to the name of a secret holding an access token (HTTPS remotes), or use an SSH remote with a key your ssh agent holds.',
    };
  }
  if (remoteAhead(text) || /failed to push some refs/i.test(text)) {
    return {
      message: `push to ${remote} was rejected: the remote's ${branch} has commits this repository does not`,
      hint: `Someone else pushed to ${branch} first. Set onRemoteAhead to "rebase" to put this commit on top of theirs, or to "new-branch" to push it to a branch of its own; or push to another branch (the branch param).`,
    };
  }
  if (/repository not found|does not appear to be a git repository|not found|no such file or directory/i.test(text)) {
    return {
      message: `push failed: no repository at ${remote}`,
      hint: 'Check the remote URL or path; the repository must exist (create it empty, or `git init --bare` for a local path).',
    };
  }
  if (/could not resolve host|failed to connect|connection refused|timed out|network is unreachable|couldn't connect/i.test(text)) {
    return {
      message: `push failed: ${remote} cannot be reached`,
      hint: 'Check the address and your network connection, then run the node again.',
    };
  }
  return { message: `push to ${remote} failed`, hint: text || 'git printed nothing' };
}

/** Whether git refused a push because the remote branch holds commits the local one lacks. */
export function remoteAhead(output: string): boolean {
  return /non-fast-forward|\[rejected\]|fetch first/i.test(output);
}
