import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { createSiteServer } from '../server.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
let server;
let base;

before(async () => {
  server = createSiteServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

it('serves the home page with its title and description', async () => {
  const res = await fetch(`${base}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const html = await res.text();
  assert.match(html, /<title>[^<]+<\/title>/);
  assert.match(html, /<h1>[^<]+<\/h1>/);
  assert.ok(pkg.description.length > 0);
});

it('links every section from the navigation', async () => {
  const html = await (await fetch(`${base}/`)).text();
  const sections = [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
  const links = [...html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]);
  assert.ok(sections.length > 0);
  assert.deepEqual(links, sections);
});

it('serves every file the page refers to', async () => {
  const html = await (await fetch(`${base}/`)).text();
  const refs = [...html.matchAll(/(?:href|src)="([^"#:]+)"/g)].map((m) => m[1]);
  assert.ok(refs.length > 0);
  for (const ref of refs) assert.equal((await fetch(new URL(ref, `${base}/`))).status, 200, ref);
});

it('serves nothing outside the site folder', async () => {
  const res = await fetch(`${base}/..%2fpackage.json`);
  assert.notEqual(res.status, 200);
});
