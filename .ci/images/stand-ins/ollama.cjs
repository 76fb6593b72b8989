// Stand-in for the ollama/ollama image: `serve` answers Ollama's own API (/, /api/version,
// /api/tags, a streamed /api/pull with progress) and its OpenAI-compatible /v1 API. A pull
// "downloads" a few fake layers in about a second and records the model under OLLAMA_MODELS
// (in /root/.ollama, a volume), so a second container on the same volume already has it.
// Models whose name starts with "no-such" do not exist, as an unknown name on ollama.com.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { sendJson, openAiError, readJson, answerFor, sendCompletion, accessLog } = require('./openai-replies.cjs');

const VERSION = '0.12.6';
if (process.argv[2] !== 'serve') {
  console.error(`Error: the stand-in only knows "serve", not ${JSON.stringify(process.argv.slice(2).join(' '))}`);
  process.exit(1);
}
const [host, portText] = (process.env.OLLAMA_HOST || '127.0.0.1:11434').replace(/^https?:\/\//, '').split(':');
const port = Number(portText || 11434);
const models = process.env.OLLAMA_MODELS || '/root/.ollama/models';
const manifests = path.join(models, 'manifests');
fs.mkdirSync(manifests, { recursive: true });

const full = (name) => (name.includes(':') ? name : `${name}:latest`);
const fileOf = (name) => path.join(manifests, encodeURIComponent(full(name)));
const pulled = () => fs.readdirSync(manifests).map(decodeURIComponent).sort();
const has = (name) => fs.existsSync(fileOf(name));

function pull(req, res, body) {
  const name = body && (body.model || body.name);
  if (!name) return sendJson(res, 400, { error: 'model is required' });
  const stream = body.stream !== false;
  if (/^no-such/.test(name)) {
    return sendJson(res, 500, { error: 'pull model manifest: file does not exist' });
  }
  const layers = [
    { digest: 'sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa', total: 4683073184 },
    { digest: 'sha256:4fa551d4f938f68b8c1e6afa9d28befb70e3f33f75d0753248d530364aeea40f', total: 12403 },
  ];
  const events = [{ status: 'pulling manifest' }];
  for (const l of layers) {
    for (let k = 0; k <= 4; k++) events.push({ status: `pulling ${l.digest.slice(7, 19)}`, digest: l.digest, total: l.total, completed: Math.round((l.total * k) / 4) });
  }
  events.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' }, { status: 'success' });
  const finish = () => fs.writeFileSync(fileOf(name), JSON.stringify({ name: full(name), layers }));
  if (!stream) {
    finish();
    return sendJson(res, 200, { status: 'success' });
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const next = () => {
    const e = events.shift();
    if (!e) return void res.end();
    if (e.status === 'writing manifest') finish();
    res.write(`${JSON.stringify(e)}\n`);
    setTimeout(next, 60);
  };
  next();
}

const server = http.createServer((req, res) => {
  res.on('finish', () => accessLog(req, res.statusCode));
  const p = (req.url || '/').split('?')[0];
  if (req.method === 'GET' && p === '/') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('Ollama is running');
  if (p === '/api/version') return sendJson(res, 200, { version: VERSION });
  if (p === '/api/tags') {
    return sendJson(res, 200, { models: pulled().map((n) => ({ name: n, model: n, size: 4683085587, digest: 'stand-in' })) });
  }
  if (req.method === 'POST' && p === '/api/pull') return readJson(req, res, (body) => pull(req, res, body));
  if (req.method === 'GET' && p === '/v1/models') {
    return sendJson(res, 200, { object: 'list', data: pulled().map((id) => ({ id, object: 'model', created: 0, owned_by: 'library' })) });
  }
  if (req.method === 'POST' && p === '/v1/chat/completions') {
    return readJson(req, res, (body) => {
      if (!body || !has(String(body.model))) {
        return openAiError(res, 404, `model "${body && body.model}" not found, try pulling it first`, 'api_error');
      }
      sendCompletion(res, body, answerFor(body, 'the Ollama stand-in'));
    });
  }
  sendJson(res, 404, { error: `404 page not found: ${req.method} ${p}` });
});
server.listen(port, host, () => console.log(`Listening on ${host}:${port} (version ${VERSION}, Pipewright stand-in)`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
