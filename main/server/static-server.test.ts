import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveRenderer, type RunningServer } from './static-server';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start() {
  const root = mkdtempSync(join(tmpdir(), 'pw-ui-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pipewright</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  running = await serveRenderer({ root });
  return running;
}

describe('pipewright serve (static UI)', () => {
  it('binds to loopback and refuses requests without the token', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${s.url}/`);
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/needs its token/);
  });

  it('trades the token in the URL for a cookie, then serves the UI with a strict CSP', async () => {
    const s = await start();
    const login = await fetch(s.loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${s.url}/`, { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Pipewright</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const js = await fetch(`${s.url}/app.js`, { headers: { cookie: cookie.split(';')[0] } });
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
  });

  it('refuses a wrong token, a foreign origin and a foreign Host header', async () => {
    const s = await start();
    expect((await fetch(`${s.url}/?token=guess`, { redirect: 'manual' })).status).toBe(401);
    const cookie = `pw_token=${s.token}`;
    const foreign = await fetch(`${s.url}/`, { headers: { cookie, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    // fetch does not let a caller set Host, so speak HTTP directly, as a rebinding page would.
    const rebind = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/`, { headers: { cookie, host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebind).toBe(421);
  });
});
