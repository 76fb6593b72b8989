import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callServe } from './support/api';
import { startServe, type ServeProcess } from './support/server';

// The real `pipewright serve` process, sent what crashed it before: it must answer 400 and live.

/** Sends raw bytes and returns the status of the answer (undefined when none came). */
function rawStatus(url: string, bytes: string): Promise<number | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), hostname);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolve(m ? Number(m[1]) : undefined);
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

describe('pipewright serve under hostile requests', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('answers 400 to targets that used to crash it, and still serves the UI and the API', async () => {
    const host = new URL(serve.url).host;
    const cookie = `pw_token=${serve.token}`;
    expect(await rawStatus(serve.url, `GET http://[::1 HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toBe(400);
    expect(await rawStatus(serve.url, `GET /%c0 HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n\r\n`)).toBe(400);
    const upgrade = `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: ${serve.url}\r\nCookie: ${cookie}`;
    expect(await rawStatus(serve.url, `GET http://[::1 HTTP/1.1\r\nHost: ${host}\r\n${upgrade}\r\n\r\n`)).toBe(400);

    const page = await fetch(`${serve.url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const doc = {
      format: 'pipewright/2',
      id: 'p',
      name: 'P',
      nodes: [{ id: 'zero', kind: 'pipeline', version: 1, params: { ref: '/dev/zero' }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    const [list, validated] = (await callServe(serve, [
      { name: 'projects.list', input: {} },
      { name: 'pipeline.validate', input: { doc } },
    ])) as [unknown[], { issues: { nodeId: string; message: string }[] }];
    expect(list).toEqual([]);
    expect(validated.issues).toEqual([
      expect.objectContaining({ nodeId: 'zero', message: expect.stringMatching(/"\/dev\/zero" refused: a template ref must be a path relative to the template's folder/) }),
    ]);
  });
});
