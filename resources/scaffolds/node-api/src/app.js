import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** The resources this API serves, with the fields a new record must have. */
export const RESOURCES = JSON.parse(readFileSync(new URL('../resources.json', import.meta.url), 'utf8'));

const MAX_BODY_BYTES = 1024 * 1024;

function send(res, status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Deeper records are refused: a record JSON.stringify cannot write back would break every later list. */
const MAX_DEPTH = 64;

function tooDeep(value) {
  const stack = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop();
    if (depth > MAX_DEPTH) return true;
    for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('the body is larger than 1 MB'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        const value = JSON.parse(text);
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          reject(Object.assign(new Error('the body must be a JSON object'), { status: 400 }));
        } else if (tooDeep(value)) {
          reject(Object.assign(new Error(`the body's JSON nests deeper than ${MAX_DEPTH} levels`), { status: 400 }));
        } else resolve(value);
      } catch {
        reject(Object.assign(new Error('the body is not valid JSON'), { status: 400 }));
      }
    });
    req.on('error', reject);
  });
}

function missingFields(resource, record) {
  return resource.fields.filter((f) => record[f] === undefined || record[f] === null || record[f] === '');
}

/** A request handler with its own in-memory data: each call starts empty. */
export function createApp() {
  const data = new Map(RESOURCES.map((r) => [r.name, { nextId: 1, records: new Map() }]));

  return async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const [name, id, ...extra] = url.pathname.split('/').filter(Boolean);
    try {
      if (!name) {
        if (req.method !== 'GET') return send(res, 405, { error: 'only GET is allowed on /' });
        return send(res, 200, {
          name: pkg.name,
          description: pkg.description,
          resources: RESOURCES.map((r) => ({ name: r.name, path: `/${r.name}`, fields: r.fields })),
        });
      }
      if (name === 'health' && !id) return send(res, 200, { ok: true });
      const resource = RESOURCES.find((r) => r.name === name);
      if (!resource || extra.length) return send(res, 404, { error: `no such path: ${url.pathname}` });
      const store = data.get(name);

      if (!id) {
        if (req.method === 'GET') return send(res, 200, [...store.records.values()]);
        if (req.method === 'POST') {
          const body = await readBody(req);
          const missing = missingFields(resource, body);
          if (missing.length) return send(res, 400, { error: `missing fields: ${missing.join(', ')}` });
          const record = { ...body, id: store.nextId++ };
          store.records.set(record.id, record);
          return send(res, 201, record);
        }
        return send(res, 405, { error: `${req.method} is not allowed on /${name}` });
      }

      const key = Number(id);
      const existing = store.records.get(key);
      if (!existing) return send(res, 404, { error: `no ${resource.singular} with id ${id}` });
      if (req.method === 'GET') return send(res, 200, existing);
      if (req.method === 'PUT') {
        const body = await readBody(req);
        const updated = { ...existing, ...body, id: key };
        const missing = missingFields(resource, updated);
        if (missing.length) return send(res, 400, { error: `missing fields: ${missing.join(', ')}` });
        store.records.set(key, updated);
        return send(res, 200, updated);
      }
      if (req.method === 'DELETE') {
        store.records.delete(key);
        res.writeHead(204);
        return res.end();
      }
      return send(res, 405, { error: `${req.method} is not allowed on /${name}/${id}` });
    } catch (err) {
      return send(res, err.status ?? 500, { error: err.message });
    }
  };
}
