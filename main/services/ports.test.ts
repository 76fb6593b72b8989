import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NodeError, type CapabilityScope, type ServicesApi } from '../../nodes/sdk';
import { Store } from '../store';
import { localServicesOf, type LocalServices } from '.';

/*
 * The port a local service gets, with real processes: the one it had before while nothing
 * else took it (a tab the person opened keeps working), a new one said in the log otherwise.
 */

const SERVER = `require('node:http').createServer((q, s) => s.end(process.env.BODY))
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT));`;

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const portOfServer = (s: Server) => (s.address() as { port: number }).port;
const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
const body = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();

describe('the port of a local service', () => {
  let dir: string;
  let store: Store;
  let local: LocalServices;
  let logs: string[];
  let taken: Server[];

  const services = (runId: string): ServicesApi => {
    const scope: CapabilityScope = { projectId: 'proj', nodeId: 'web', runId, signal: new AbortController().signal, log: (c) => logs.push(c) };
    return local.scoped(scope);
  };

  /** What a node does on each run: note what ran before, choose the port, start on it. */
  async function run(api: ServicesApi, bodyText: string, order: 'stop-first' | 'replace-on-start') {
    const previous = await api.current();
    if (order === 'stop-first') await api.stopPrevious();
    const port = await api.port({ previous });
    const url = `http://127.0.0.1:${port}`;
    const output: string[] = [];
    const app = await api.start({
      name: 'local-proj-web',
      command: [process.execPath, 'server.js'],
      cwd: dir,
      env: { PORT: String(port), BODY: bodyText },
      url,
      keep: true,
      onOutput: (c) => output.push(c),
    });
    await vi.waitFor(() => expect(output.join('')).toContain('listening on'), { timeout: 10_000 });
    app.detach();
    return url;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-service-ports-'));
    store = Store.open(join(dir, 'home'));
    local = localServicesOf(store);
    logs = [];
    taken = [];
    await writeFile(join(dir, 'server.js'), SERVER);
  });

  afterEach(async () => {
    for (const s of await local.list()) await local.stop(s.name);
    await Promise.all(taken.map(close));
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stays the same across runs, whether the node stops its previous process first or start() replaces it', async () => {
    const first = await run(services('run-1'), 'one', 'stop-first');
    expect(await body(first)).toBe('one');

    const second = await run(services('run-2'), 'two', 'stop-first');
    expect(second).toBe(first);
    expect(await body(second)).toBe('two');

    // The previous process still holds the port while the port is chosen: it is this node's own.
    const third = await run(services('run-3'), 'three', 'replace-on-start');
    expect(third).toBe(first);
    expect(await body(third)).toBe('three');
    expect(logs.join('')).not.toContain('taken by another program');
  });

  it('moves to a free port, and says so, when another program took the previous one', async () => {
    const first = await run(services('run-1'), 'one', 'stop-first');
    const [record] = await local.list();
    // The app went away on its own (its record stays) and another program took its port.
    process.kill(-record.pid, 'SIGKILL');
    await vi.waitFor(async () => expect((await local.list())[0].running).toBe(false), { timeout: 5000 });
    const before = Number(new URL(first).port);
    taken.push(await vi.waitFor(() => listen(before), { timeout: 5000 }));

    const second = await run(services('run-2'), 'two', 'stop-first');
    expect(second).not.toBe(first);
    expect(await body(second)).toBe('two');
    expect(logs.join('')).toContain(
      `port ${before}, where this node's service answered before, is taken by another program now: it gets port ${new URL(second).port}, so its URL changes to ${second}`,
    );
  });

  it('is the port param when free, and an error naming the param when another program has it', async () => {
    const other = await listen();
    taken.push(other);
    const error = (await services('run-1')
      .port({ wanted: portOfServer(other) })
      .catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(
      `param "port": ${portOfServer(other)} on 127.0.0.1 is already in use by another program; choose another port, or leave it empty for a free one`,
    );

    const free = await listen();
    const port = portOfServer(free);
    await close(free);
    expect(await services('run-1').port({ wanted: port })).toBe(port);
  });
});
