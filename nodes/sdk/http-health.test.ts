import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForHttp } from './http-health';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server that lists models once `ready` says so, and only to a client with the key. */
async function modelServer(readyAfterTries: number): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.headers.authorization !== 'Bearer k-123') return void res.writeHead(401).end();
    const data = seen.length > readyAfterTries ? [{ id: 'coder' }] : [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/models`, seen };
}

const listsCoder = (body: string) =>
  (JSON.parse(body) as { data: { id: string }[] }).data.some((m) => m.id === 'coder') ? undefined : 'coder is not listed yet';

describe('waitForHttp', () => {
  it('sends the headers on every try and waits until the body is accepted, not just any 2xx', async () => {
    const { url, seen } = await modelServer(2);
    const result = await waitForHttp({ url, timeoutMs: 5000, intervalMs: 10, headers: { authorization: 'Bearer k-123' }, accept: listsCoder });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(seen).toHaveLength(3);
    expect(seen.every((h) => h.authorization === 'Bearer k-123')).toBe(true);
  });

  it("reports what accept said was missing when time runs out", async () => {
    const { url } = await modelServer(Number.POSITIVE_INFINITY);
    const result = await waitForHttp({ url, timeoutMs: 300, intervalMs: 20, headers: { authorization: 'Bearer k-123' }, accept: listsCoder });
    expect(result).toMatchObject({ ok: false, why: 'timeout', last: 'coder is not listed yet' });
  });

  it('does not call accept for an answer that is not 2xx', async () => {
    const { url } = await modelServer(0);
    const calls: string[] = [];
    const result = await waitForHttp({ url, timeoutMs: 200, intervalMs: 20, accept: (b) => (calls.push(b), undefined) });
    expect(result).toMatchObject({ ok: false, why: 'timeout', last: 'HTTP 401 Unauthorized' });
    expect(calls).toEqual([]);
  });
});
