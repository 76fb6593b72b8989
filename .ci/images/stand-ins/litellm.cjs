// Stand-in for the LiteLLM proxy image (ghcr.io/berriai/litellm): takes the same command line
// (--config FILE --port N), reads the same config.yaml with a real YAML parser (model_list with
// litellm_params {model: openai/<name>, api_base, api_key: os.environ/VAR}, router_settings
// {num_retries, fallbacks}), checks the master key from LITELLM_MASTER_KEY, answers
// /health/readiness, and forwards /v1/chat/completions to the deployments behind an alias,
// trying each again num_retries times, then the fallbacks' deployments, as the router does.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const yaml = require('./js-yaml.js');
const { sendJson, openAiError, readJson, accessLog } = require('./openai-replies.cjs');

const VERSION = '1.79.0';

function fail(message) {
  console.error(`LiteLLM: ${message}`);
  process.exit(1);
}

const argv = process.argv.slice(2);
const opts = { port: process.env.PORT || '4000', host: '0.0.0.0' };
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i];
  if (flag === '--detailed_debug') continue;
  if (!['--config', '--port', '--host', '--num_workers'].includes(flag)) fail(`Error: No such option: ${flag}`);
  opts[flag.slice(2)] = argv[++i];
}
if (!opts.config) fail('the stand-in needs --config');

/** `os.environ/NAME` reads the variable, as LiteLLM does; anything else is the value itself. */
function secretOf(value, where) {
  if (typeof value !== 'string' || !value.startsWith('os.environ/')) return value;
  const name = value.slice('os.environ/'.length);
  if (process.env[name] === undefined) fail(`${where}: environment variable ${name} is not set`);
  return process.env[name];
}

const config = yaml.load(fs.readFileSync(opts.config, 'utf8'));
if (!config || !Array.isArray(config.model_list) || !config.model_list.length) fail(`${opts.config}: model_list is missing or empty`);
const deployments = config.model_list.map((entry, i) => {
  const p = entry.litellm_params || {};
  if (!entry.model_name || typeof p.model !== 'string') fail(`model_list[${i}] needs model_name and litellm_params.model`);
  if (!p.model.startsWith('openai/')) fail(`model_list[${i}]: the stand-in forwards only openai/ models, not ${p.model}`);
  if (!p.api_base) fail(`model_list[${i}]: an openai/ model on another server needs api_base`);
  return {
    alias: String(entry.model_name),
    model: p.model.slice('openai/'.length),
    apiBase: String(p.api_base).replace(/\/+$/, ''),
    apiKey: secretOf(p.api_key, `model_list[${i}].litellm_params.api_key`),
  };
});
const router = config.router_settings || {};
const retries = Number(router.num_retries ?? 0);
const fallbacks = Object.assign({}, ...(router.fallbacks || []));
const masterKey = secretOf((config.general_settings || {}).master_key, 'general_settings.master_key') || process.env.LITELLM_MASTER_KEY;
if (masterKey && !masterKey.startsWith('sk-')) fail("the master key must start with 'sk-'");

console.log(`LiteLLM: Proxy initialized with Config, Set models: ${deployments.map((d) => d.alias).join(', ')} (stand-in ${VERSION})`);
console.log(`LiteLLM: router_settings: ${JSON.stringify({ num_retries: retries, fallbacks: router.fallbacks || [] })}`);

/** Sends the request to one deployment; resolves with its answer, or rejects to try the next. */
function forward(d, body, res) {
  return new Promise((resolve, reject) => {
    const url = new URL(`${d.apiBase}/chat/completions`);
    const payload = JSON.stringify({ ...body, model: d.model });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (d.apiKey) headers.authorization = `Bearer ${d.apiKey}`;
    const up = http.request(url, { method: 'POST', headers, timeout: 30000 }, (answer) => {
      const status = answer.statusCode || 502;
      if (status === 429 || status >= 500) {
        answer.resume();
        return reject(new Error(`${d.apiBase} answered ${status}`));
      }
      res.writeHead(status, { 'content-type': answer.headers['content-type'] || 'application/json' });
      answer.pipe(res);
      answer.on('end', resolve);
    });
    up.on('timeout', () => up.destroy(new Error(`${d.apiBase} timed out`)));
    up.on('error', reject);
    up.end(payload);
  });
}

async function complete(body, res) {
  const order = [body.model, ...(fallbacks[body.model] || [])];
  const errors = [];
  for (const alias of order) {
    for (const d of deployments.filter((x) => x.alias === alias)) {
      for (let attempt = 0; attempt <= retries; attempt++) {
        try {
          await forward(d, body, res);
          console.log(`LiteLLM: ${body.model} answered by ${alias} at ${d.apiBase} (${d.model})`);
          return;
        } catch (err) {
          errors.push(err.message);
          console.log(`LiteLLM: ${alias} at ${d.apiBase} failed: ${err.message}`);
        }
      }
    }
  }
  openAiError(res, 500, `litellm.APIConnectionError: no deployment of ${body.model} answered: ${errors.join('; ')}`, 'None');
}

const server = http.createServer((req, res) => {
  res.on('finish', () => accessLog(req, res.statusCode));
  const p = (req.url || '/').split('?')[0].replace(/^\/v1(?=\/)/, '');
  if (p === '/health/liveliness') return sendJson(res, 200, "I'm alive!");
  if (p === '/health/readiness') {
    return sendJson(res, 200, { status: 'healthy', db: 'Not connected', cache: null, litellm_version: VERSION, success_callbacks: [] });
  }
  if (masterKey && req.headers.authorization !== `Bearer ${masterKey}`) {
    return sendJson(res, 401, { error: { message: 'Authentication Error, Invalid proxy server token passed.', type: 'auth_error', code: '401' } });
  }
  if (req.method === 'GET' && p === '/models') {
    const ids = [...new Set(deployments.map((d) => d.alias))];
    return sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' })) });
  }
  if (req.method === 'POST' && p === '/chat/completions') {
    return readJson(req, res, (body) => {
      if (!body || !deployments.some((d) => d.alias === body.model)) {
        return openAiError(res, 400, `Invalid model name passed in model=${body && body.model}`, 'None');
      }
      complete(body, res).catch((err) => openAiError(res, 500, err.message, 'None'));
    });
  }
  openAiError(res, 404, `Not Found: ${req.method} ${p}`, 'None');
});
server.listen(Number(opts.port), opts.host, () => console.log(`INFO:     Uvicorn running on http://${opts.host}:${opts.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
