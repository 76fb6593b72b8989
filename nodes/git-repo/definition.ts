import { z } from 'zod';
import { defineNode, flag } from '../sdk';

/** What a push does when someone else pushed to the branch first. */
export const GIT_REMOTE_AHEAD_CHOICES = ['fail', 'rebase', 'new-branch'] as const;

export const gitRepoDefinition = defineNode({
  kind: 'git-repo',
  version: 1,
  title: 'Git repository',
  category: 'Source',
  description:
    'Commits everything in the workspace to a git branch (making the repository when there is none) and pushes it when a remote is given. An unchanged workspace makes no commit. A .gitignore keeping dependencies and .env files out is written when the workspace has none.',
  icon: 'git-branch',
  inputs: [{ name: 'workspace', type: 'workspace', description: 'The folder to commit' }],
  outputs: [
    { name: 'repo', type: 'repo', description: 'The repository: its folder, branch, commit and remote' },
    { name: 'workspace', type: 'workspace', description: 'The same folder, now committed' },
  ],
  params: z.object({
    branch: z.string().min(1, 'name the branch to commit to').default('main').describe('Branch to commit to (made when it does not exist)'),
    message: z.string().min(1, 'write a commit message').default('Update from Pipewright').describe('The commit message'),
    remote: z
      .string()
      // git would read a leading dash as an option, and `transport::address` runs a remote
      // helper (fd:: waits forever on a descriptor nobody writes): a template may name neither.
      .refine((r) => !r.trim().startsWith('-'), 'a remote cannot start with "-": give an HTTPS or SSH URL, or the path of a repository')
      .refine((r) => !/^[A-Za-z][A-Za-z0-9+.-]*::/.test(r.trim()), 'a remote helper (transport::address) is not used: give an HTTPS or SSH URL, or the path of a repository')
      .optional()
      .describe('Where to push: an HTTPS or SSH URL, or the path of a repository on this machine. No push when empty.')
      .meta(flag({ role: 'url' })),
    tokenSecret: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a secret name: letters, digits, _ . - (like GITHUB_TOKEN)')
      .optional()
      .describe('Name of the secret holding an access token for an HTTPS remote (never the token itself)')
      .meta(flag({ role: 'secret' })),
    authorName: z.string().optional().describe("Commit author's name (default: your git configuration, else Pipewright)"),
    authorEmail: z.string().optional().describe("Commit author's email"),
    onRemoteAhead: z
      .enum(GIT_REMOTE_AHEAD_CHOICES)
      .default('fail')
      .describe(
        "When the remote's branch has commits the workspace lacks: fail (say so and stop) · rebase (put this commit on top of theirs, then push) · new-branch (push to a new branch, given in the repo output)",
      ),
  }),
  summary: (params) => (params.remote ? `${params.branch} → ${params.remote}` : params.branch),
});
