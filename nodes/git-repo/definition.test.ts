import { describe, expect, it } from 'vitest';
import { FORMAT } from '../sdk';
import { Engine } from '../../main/engine/engine';
import { MemoryCache } from '../../main/engine/memory-cache';
import { registry } from '../../main/host';
import { gitRepoDefinition } from './definition';

// The remote is a param an imported template sets: git must never read it as an option, nor
// hand it to a remote helper (`fd::3` made the push wait forever; `ext::` runs a command).

const refused = (remote: string) => gitRepoDefinition.params.safeParse({ remote }).error?.issues.map((i) => i.message);

describe('git-repo remote', () => {
  it('takes HTTPS and SSH URLs, scp-like addresses and repository paths', () => {
    for (const remote of ['https://github.com/acme/shop.git', 'ssh://git@example.org:2222/acme/shop.git', 'git@github.com:acme/shop.git', '/srv/git/shop.git', '../shop.git', 'file:///srv/git/shop.git', 'C:\\repos\\shop.git']) {
      expect(refused(remote), remote).toBeUndefined();
    }
  });

  it('refuses a remote helper and a leading dash, saying what to give instead', () => {
    expect(refused('fd::3')).toEqual(['a remote helper (transport::address) is not used: give an HTTPS or SSH URL, or the path of a repository']);
    expect(refused('ext::sh -c touch% /tmp/x')).toHaveLength(1);
    expect(refused(' testgit::/tmp/x')).toHaveLength(1);
    expect(refused('--upload-pack=touch /tmp/x')).toEqual(['a remote cannot start with "-": give an HTTPS or SSH URL, or the path of a repository']);
  });

  it('is refused at validation, naming the node and the param, before anything runs', () => {
    const engine = new Engine({ registry, cache: new MemoryCache(), pty: {} as never, workspaceRoot: '/nonexistent', loadPipeline: () => { throw new Error('none'); } });
    const issues = engine.validate({
      format: FORMAT,
      id: 'push',
      name: 'Push',
      nodes: [
        { id: 'files', kind: 'shell', version: 1, params: { command: 'true' }, position: { x: 0, y: 0 } },
        { id: 'repo', kind: 'git-repo', version: 1, params: { remote: 'fd::3' }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e', from: { node: 'files', port: 'workspace' }, to: { node: 'repo', port: 'workspace' } }],
    });
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'repo', field: 'remote', code: 'invalid-param', message: expect.stringContaining('param "remote": a remote helper (transport::address) is not used') })]);
  });
});
