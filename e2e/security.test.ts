import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumPresent, openBrowser, type OpenBrowser } from './support/browser';
import { startServe, type ServeProcess } from './support/server';

/** Opens the contract's WebSocket and reports how the upgrade went. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api', { headers });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

function ask(ws: WebSocket, message: unknown): Promise<any> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('pipewright serve needs its token', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('refuses pages without the token, and trades the token for a cookie', async () => {
    const bare = await fetch(`${serve.url}/`);
    expect(bare.status).toBe(401);
    expect(await bare.text()).toMatch(/needs its token/);
    const wrong = await fetch(`${serve.url}/?token=not-it`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const login = await fetch(serve.loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('set-cookie')).toMatch(/pw_token=.*HttpOnly; SameSite=Strict/);
  });

  it('refuses the API WebSocket without the cookie or from another origin, and checks every message', async () => {
    const cookie = `pw_token=${serve.token}`;
    expect((await upgrade(serve.url, { origin: serve.url })).status).toBe(401);
    expect((await upgrade(serve.url, { origin: serve.url, cookie: 'pw_token=guess' })).status).toBe(401);
    expect((await upgrade(serve.url, { origin: 'http://evil.example', cookie })).status).toBe(403);
    expect((await upgrade(serve.url, { cookie })).status).toBe(403);

    const { status, ws } = await upgrade(serve.url, { origin: serve.url, cookie });
    expect(status).toBe(101);
    try {
      expect(await ask(ws!, { type: 'call', id: 1, name: 'projects.list', input: {} })).toEqual({
        type: 'result',
        id: 1,
        result: { ok: true, value: [] },
      });
      const bad = await ask(ws!, { type: 'call', id: 2, name: 'projects.create', input: { name: 42 } });
      expect(bad).toMatchObject({ type: 'result', id: 2, result: { ok: false, error: { code: 'invalid-input' } } });
      expect(bad.result.error.message).toMatch(/^projects\.create: the request does not match the contract: name:/);
      const unknown = await ask(ws!, { type: 'call', id: 3, name: 'fs.readFile', input: { path: '/etc/passwd' } });
      expect(unknown).toMatchObject({ result: { ok: false, error: { code: 'unknown-call' } } });
      expect(await ask(ws!, 'not json')).toMatchObject({ type: 'error' });
      expect(await ask(ws!, { type: 'subscribe', id: 4 })).toMatchObject({ type: 'error', message: /not a call/ });
    } finally {
      ws!.close();
    }
  });

  it.skipIf(!chromiumPresent())('shows a browser without the token the refusal, not the app', async () => {
    let browser: OpenBrowser | undefined;
    try {
      browser = await openBrowser();
      const page = await browser.context.newPage();
      const response = await page.goto(`${serve.url}/`);
      expect(response?.status()).toBe(401);
      await expect(page.textContent('body')).resolves.toMatch(/needs its token/);
      expect(await page.locator('#root').count()).toBe(0);
    } finally {
      await browser?.close();
    }
  });
});
