import { defineRuntime, type RepoValue, type WorkspaceValue } from '../sdk';
import { gitRepoDefinition } from './definition';
import { workspaceFileExists, writeWorkspaceFile } from '../sdk/node/workspace-file';

/** Written when the workspace has no .gitignore: dependencies and local secrets stay out of history. */
export const DEFAULT_GITIGNORE = `# Written by Pipewright: dependencies, build caches and local secrets stay out of the repository.
node_modules/
.venv/
__pycache__/
*.pyc
.env
.env.*
`;

/** A remote as it may be stored and shown: credentials typed into a URL are dropped. */
function shownRemote(remote: string): string {
  return remote.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i, '$1');
}

export const gitRepoRuntime = defineRuntime(gitRepoDefinition, async ({ inputs, params, ctx }) => {
  const path = (inputs.workspace as WorkspaceValue).path;
  const remote = params.remote?.trim() || undefined;
  const token = params.tokenSecret ? await ctx.secrets.get(params.tokenSecret) : undefined;
  if (token && remote && !/^https?:\/\//i.test(remote)) {
    ctx.log(`note: tokenSecret is used for HTTPS remotes only; ${shownRemote(remote)} is pushed with your usual git credentials\n`, 'info');
  }

  if (!(await workspaceFileExists(path, '.gitignore'))) {
    await writeWorkspaceFile(path, '.gitignore', DEFAULT_GITIGNORE);
    ctx.log('wrote a .gitignore (node_modules, .venv, __pycache__, .env stay out)\n', 'info');
  }

  const result = await ctx.git.commitAll(path, {
    branch: params.branch,
    message: params.message,
    author: { name: params.authorName, email: params.authorEmail },
    signal: ctx.signal,
  });
  if (result.initialised) ctx.log(`made a new git repository in ${path}\n`, 'info');
  const short = result.commit.slice(0, 7);
  if (result.committed) {
    const n = result.changes.length;
    ctx.log(`committed ${n} file${n === 1 ? '' : 's'} on ${params.branch} as ${short}: ${params.message.split('\n')[0]}\n`, 'info');
  } else {
    ctx.log(`nothing changed since ${short} on ${params.branch}: no commit\n`, 'info');
  }

  let landed = { branch: params.branch, commit: result.commit };
  if (remote) {
    const pushed = await ctx.git.push(path, {
      branch: params.branch,
      remote,
      token,
      onRemoteAhead: params.onRemoteAhead,
      author: { name: params.authorName, email: params.authorEmail },
      signal: ctx.signal,
    });
    landed = { branch: pushed.branch, commit: pushed.commit };
    const where = shownRemote(remote);
    const pushedShort = pushed.commit.slice(0, 7);
    if (pushed.outcome === 'rebased') {
      ctx.log(`${where} had new commits on ${params.branch}: rebased onto them as ${pushedShort} and pushed\n`, 'info');
    } else if (pushed.outcome === 'earlier-branch') {
      ctx.log(`${where} still has other commits on ${params.branch}: pushed ${pushedShort} to ${pushed.branch}, the branch an earlier run made\n`, 'info');
    } else if (pushed.outcome === 'new-branch') {
      ctx.log(`${where} had new commits on ${params.branch}: pushed ${pushedShort} to the new branch ${pushed.branch} instead\n`, 'info');
    } else {
      ctx.log(`pushed ${params.branch} (${short}) to ${where}\n`, 'info');
    }
  }
  const repo: RepoValue = { path, ...landed, ...(remote ? { remote: shownRemote(remote) } : {}) };
  return { repo, workspace: { path } };
});
