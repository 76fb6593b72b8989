import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { RESOURCES, createApp } from '../src/app.js';

let base;
let server;

before(async () => {
  server = createServer(createApp());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

async function call(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A record with every required field of `resource` filled in. */
function sample(resource, tag) {
  const record = { note: tag };
  for (const field of resource.fields) record[field] = `${field} ${tag}`;
  return record;
}

describe('GET /', () => {
  it('answers 200 and lists the resources', async () => {
    const { status, body } = await call('GET', '/');
    assert.equal(status, 200);
    assert.deepEqual(
      body.resources.map((r) => r.name),
      RESOURCES.map((r) => r.name),
    );
  });
});

for (const resource of RESOURCES) {
  describe(`/${resource.name}`, () => {
    it('creates, lists, reads, updates and deletes', async () => {
      const created = await call('POST', `/${resource.name}`, sample(resource, 'one'));
      assert.equal(created.status, 201);
      assert.equal(typeof created.body.id, 'number');

      const list = await call('GET', `/${resource.name}`);
      assert.equal(list.status, 200);
      assert.ok(list.body.some((r) => r.id === created.body.id));

      const read = await call('GET', `/${resource.name}/${created.body.id}`);
      assert.deepEqual(read.body, created.body);

      const updated = await call('PUT', `/${resource.name}/${created.body.id}`, { note: 'changed' });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.note, 'changed');

      assert.equal((await call('DELETE', `/${resource.name}/${created.body.id}`)).status, 204);
      assert.equal((await call('GET', `/${resource.name}/${created.body.id}`)).status, 404);
    });

    if (resource.fields.length) {
      it('refuses a record without its required fields', async () => {
        const { status, body } = await call('POST', `/${resource.name}`, {});
        assert.equal(status, 400);
        assert.match(body.error, new RegExp(resource.fields[0]));
      });
    }

    it('refuses a body that is not JSON', async () => {
      const res = await fetch(`${base}/${resource.name}`, { method: 'POST', body: '{not json' });
      assert.equal(res.status, 400);
    });

    it('refuses a body nested too deep, and its records still list', async () => {
      const created = await call('POST', `/${resource.name}`, sample(resource, 'deep'));
      const deep = `{"note":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      for (const [method, path] of [['POST', `/${resource.name}`], ['PUT', `/${resource.name}/${created.body.id}`]]) {
        const res = await fetch(base + path, { method, body: deep });
        assert.equal(res.status, 400, `${method} ${path}`);
      }
      assert.equal((await call('GET', `/${resource.name}`)).status, 200);
      await call('DELETE', `/${resource.name}/${created.body.id}`);
    });
  });
}

it('answers 404 for an unknown path', async () => {
  assert.equal((await call('GET', '/no-such-thing')).status, 404);
});

it('reports on /health where the records are kept (in memory without DATABASE_URL)', async () => {
  assert.deepEqual(await call('GET', '/health'), { status: 200, body: { status: 'ok', database: 'in memory' } });
});
