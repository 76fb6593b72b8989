import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingChangeSchema } from '../../../preload/contract';
import { NodeError } from '../../../nodes/sdk';
import { DockerClient } from './client';
import { connect, unavailableReason } from './connection';
import { serviceCreateOptions } from './service-spec';
import { testScope } from './docker.test-support';

/* Named engines without an engine to talk to: what is remote, where its apps answer, which engine a node gets. */

describe('an engine address', () => {
  it('is remote over tcp or ssh to another host, and its apps answer on that host or the public name given', () => {
    expect(connect({ host: 'tcp://10.1.2.3:2375' })).toMatchObject({ remote: true, publicHost: '10.1.2.3', where: 'tcp://10.1.2.3:2375' });
    expect(connect({ host: 'ssh://me@gpu-box' })).toMatchObject({ remote: true, publicHost: 'gpu-box' });
    expect(connect({ host: 'tcp://10.1.2.3:2375', publicHost: 'apps.example.org' })).toMatchObject({ remote: true, publicHost: 'apps.example.org' });
    expect(connect({ host: 'unix:///var/run/docker.sock' })).toMatchObject({ remote: false, publicHost: '127.0.0.1' });
    expect(connect({ host: 'tcp://127.0.0.1:2375' })).toMatchObject({ remote: false, publicHost: '127.0.0.1' });
  });

  it('with TLS files that cannot be read, says which file and where to fix it', () => {
    const dir = join(tmpdir(), `pw-no-tls-${process.pid}`);
    const tls = { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
    expect(() => connect({ host: 'tcp://10.1.2.3:2376', tls })).toThrow(`the engine's TLS CA file ${tls.ca} cannot be read`);
    expect(() => connect({ host: 'tcp://10.1.2.3:2376', tls })).toThrow(/Settings → Docker engines/);
  });
});

describe("why another machine's engine did not answer", () => {
  const tlsError = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('says what to check there, not how to start Docker here', () => {
    const reason = unavailableReason('tcp://10.1.2.3:2375', tlsError('connect ECONNREFUSED 10.1.2.3:2375', 'ECONNREFUSED'));
    expect(reason).toContain('no Docker engine answers at tcp://10.1.2.3:2375 (connect ECONNREFUSED 10.1.2.3:2375)');
    expect(reason).toContain('Check that dockerd runs on 10.1.2.3 and listens on port 2375');
    expect(reason).not.toContain('Docker Desktop');
    expect(unavailableReason('unix:///var/run/docker.sock', tlsError('connect ENOENT', 'ENOENT'))).toContain('Start Docker');
  });

  it('names what is wrong with TLS: the host the certificate names, the CA, the client certificate, plain HTTP', () => {
    const where = 'tcp://gpu-box:2376';
    expect(unavailableReason(where, tlsError("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'))).toContain(
      "the engine's certificate does not name the host in its address",
    );
    expect(unavailableReason(where, tlsError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'))).toContain(
      "the engine's certificate is not signed by the CA file given",
    );
    expect(unavailableReason(where, tlsError('tlsv13 alert certificate required', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'))).toContain(
      "the engine refused this machine's client certificate",
    );
    expect(unavailableReason(where, tlsError('wrong version number', 'EPROTO'))).toContain('the engine does not speak TLS on this port');
  });

  it('says an ssh engine is signed in to through the agent, and how to accept a host key', () => {
    const auth = unavailableReason('ssh://ops@gpu-box:2200', new Error('All configured authentication methods failed'));
    expect(auth).toContain('refused the sign-in');
    expect(auth).toContain('`ssh -p 2200 ops@gpu-box docker version` must work from this machine');
    expect(unavailableReason('ssh://ops@gpu-box', new Error('Host denied (verification failed)'))).toContain('run `ssh ops@gpu-box` once from this machine to accept its key');
  });

  it('refuses a TLS file that is not PEM, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-not-pem-'));
    try {
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), f === 'cert.pem' ? 'not a certificate' : '-----BEGIN X-----\n');
      const tls = { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
      expect(() => connect({ host: 'tcp://10.1.2.3:2376', tls })).toThrow(`the engine's TLS certificate file ${tls.cert} is not a PEM file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a service on a remote engine', () => {
  const owner = { projectId: 'p', nodeId: 'router', runId: 'r' };
  const opts = {
    name: 'router',
    image: 'img',
    containerPort: 4000,
    keep: true,
    volumes: [{ name: 'cache', target: '/cache' }],
    mounts: [{ source: '/home/me/config.yaml', target: '/app/config.yaml', readOnly: true }],
  };

  it('publishes on all the engine host\'s addresses and binds nothing from this machine (files are copied in instead)', () => {
    const here = serviceCreateOptions({ owner, opts, hash: 'h', hostPort: undefined });
    const there = serviceCreateOptions({ owner, opts, hash: 'h', hostPort: undefined, remote: true });
    expect(here.HostConfig?.PortBindings).toEqual({ '4000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(there.HostConfig?.PortBindings).toEqual({ '4000/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }] });
    expect(here.HostConfig?.Mounts?.map((m) => m.Type)).toEqual(['volume', 'bind']);
    expect(there.HostConfig?.Mounts?.map((m) => m.Type)).toEqual(['volume']);
    expect(there.HostConfig?.Binds).toBeUndefined();
  });
});

describe('which engine a node gets', () => {
  const socket = join(tmpdir(), `pw-no-engine-${process.pid}.sock`);
  const client = new DockerClient({
    host: () => `unix://${socket}`,
    image: () => 'unused',
    engines: () => ({ 'gpu-box': { host: 'tcp://10.9.8.7:2375' }, cluster: { host: 'ssh://ops@manager' } }),
    projectEngine: (projectId) => (projectId === 'on-gpu' ? 'gpu-box' : projectId === 'gone' ? 'old-box' : undefined),
  });

  it("its project's engine, the default one otherwise, or the one it names", () => {
    expect(client.scoped(testScope('on-gpu', 'n').scope).engine()).toEqual({ name: 'gpu-box', where: 'tcp://10.9.8.7:2375', remote: true });
    expect(client.scoped(testScope('other', 'n').scope).engine()).toEqual({ name: 'default', where: `unix://${socket}`, remote: false });
    expect(client.scoped(testScope('other', 'n').scope).onEngine('cluster').engine()).toMatchObject({ name: 'cluster', remote: true });
  });

  it('an engine name nobody configured is refused, naming it and the engines there are', async () => {
    const t = testScope('other', 'n');
    expect(() => client.scoped(t.scope).onEngine('nope')).toThrow(NodeError);
    expect(() => client.scoped(t.scope).onEngine('nope')).toThrow('no Docker engine is named "nope"; the engines are: default, gpu-box, cluster');
    // A project whose engine was removed from settings: said when it first asks Docker.
    const gone = client.scoped(testScope('gone', 'n').scope);
    expect(await gone.available()).toEqual({ ok: false, reason: expect.stringContaining('no Docker engine is named "old-box"') });
  });
});

describe('the docker.engines setting', () => {
  const change = (value: unknown) => SettingChangeSchema.safeParse({ key: 'docker.engines', value });
  it('takes tcp with TLS files, ssh, and a public host name', () => {
    expect(change({ 'gpu-box': { host: 'tcp://gpu:2376', tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' } } }).success).toBe(true);
    expect(change({ cluster: { host: 'ssh://ops@manager', publicHost: 'apps.example.org' } }).success).toBe(true);
  });
  it('refuses a public host with a scheme, a port or a path (apps\' URLs are made from it)', () => {
    for (const bad of ['http://apps.example.org', 'apps.example.org:8080', 'apps.example.org/x', 'two words']) {
      const refused = change({ box: { host: 'tcp://gpu:2376', publicHost: bad } });
      expect(refused.success, bad).toBe(false);
      expect(refused.error?.issues[0].message).toContain("the public host is a host name or address alone");
    }
    for (const good of ['apps.example.org', '203.0.113.7', '2001:db8::7', '[2001:db8::7]', 'gpu-box']) {
      expect(change({ box: { host: 'tcp://gpu:2376', publicHost: good } }).success, good).toBe(true);
    }
  });

  it('refuses an address Docker cannot be reached at, and the name "default", saying why', () => {
    const bad = change({ box: { host: 'gpu-box:2376' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toContain('an engine is reached at unix:///path/docker.sock, tcp://host:2376 or ssh://user@host');
    const reserved = change({ default: { host: 'tcp://x:2375' } });
    expect(reserved.error?.issues[0].message).toContain('"default" names the engine of docker.host');
  });
});
