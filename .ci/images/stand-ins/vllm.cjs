// Stand-in for the vllm/vllm-openai image: takes the same command line as its entrypoint
// (`python3 -m vllm.entrypoints.openai.api_server`: engine arguments, the model as --model; a
// `vllm serve` first argument refuses --model, as vLLM does) and serves the same API, with no GPU and
// no weights. It refuses arguments vLLM would refuse, pretends to load the model for a couple
// of seconds (printing progress, answering /health 503 and listing no model meanwhile: stricter
// than vLLM, which does not listen at all until loaded), then answers from a script.
'use strict';
const http = require('node:http');
const { sendJson, openAiError, readJson, answerFor, sendCompletion, accessLog } = require('./openai-replies.cjs');

const VERSION = '0.11.0';
/** Flags that take a value, and flags that take none; anything else is refused. */
const VALUED = new Set([
  'model', 'served-model-name', 'host', 'port', 'api-key', 'max-model-len', 'gpu-memory-utilization',
  'tensor-parallel-size', 'tokenizer-mode', 'config-format', 'load-format', 'tool-call-parser', 'download-dir', 'dtype',
]);
const SWITCHES = new Set(['enable-auto-tool-choice', 'trust-remote-code']);
const CHOICES = {
  'tokenizer-mode': ['auto', 'slow', 'mistral', 'custom'],
  'config-format': ['auto', 'hf', 'mistral'],
  'load-format': ['auto', 'pt', 'safetensors', 'mistral', 'dummy'],
  'tool-call-parser': ['mistral', 'hermes', 'llama3_json', 'pythonic', 'granite', 'internlm', 'jamba'],
};

function fail(message) {
  console.error(`vllm: error: ${message}`);
  process.exit(2);
}

function parse(argv) {
  if (argv[0] === 'serve' && argv.includes('--model')) {
    fail('With `vllm serve`, you should provide the model as a positional argument or in a config file instead of via the `--model` option.');
  }
  const args = { 'served-model-name': [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--')) {
      if (flag === 'serve' && i === 0) continue;
      if (i === 1 && argv[0] === 'serve') {
        args.model = flag;
        continue;
      }
      fail(`unrecognized arguments: ${flag}`);
    }
    const name = flag.slice(2).replace(/_/g, '-');
    if (SWITCHES.has(name)) {
      args[name] = true;
      continue;
    }
    if (!VALUED.has(name)) fail(`unrecognized arguments: ${flag}`);
    if (name === 'served-model-name') {
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[name].push(argv[++i]);
      if (!args[name].length) fail('argument --served-model-name: expected at least one argument');
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) fail(`argument ${flag}: expected one argument`);
    if (CHOICES[name] && !CHOICES[name].includes(value)) fail(`argument ${flag}: invalid choice: '${value}'`);
    args[name] = value;
  }
  if (!args.model) fail('the following arguments are required: --model');
  const util = Number(args['gpu-memory-utilization'] ?? 0.9);
  if (!(util > 0 && util <= 1)) fail(`--gpu-memory-utilization must be in (0, 1], got ${args['gpu-memory-utilization']}`);
  if (args['enable-auto-tool-choice'] && !args['tool-call-parser']) fail('--enable-auto-tool-choice requires --tool-call-parser');
  return args;
}

const args = parse(process.argv.slice(2));
const served = args['served-model-name'].length ? args['served-model-name'] : [args.model];
const port = Number(args.port ?? 8000);
const apiKey = args['api-key'] ?? process.env.VLLM_API_KEY;
const maxModelLen = Number(args['max-model-len'] ?? 32768);
let loaded = false;

console.log(`INFO vLLM API server version ${VERSION} (Pipewright stand-in: no GPU, no weights)`);
const shown = Object.fromEntries(Object.entries(args).filter(([k, v]) => k !== 'api-key' && !(Array.isArray(v) && !v.length)));
console.log(`INFO non-default args: ${JSON.stringify(shown)}`);
console.log(`INFO api key: ${apiKey ? 'required' : 'none'}; HF token: ${process.env.HF_TOKEN ? 'given' : 'none'}`);

const server = http.createServer((req, res) => {
  res.on('finish', () => accessLog(req, res.statusCode));
  const path = (req.url || '/').split('?')[0];
  if (path === '/health') return void res.writeHead(loaded ? 200 : 503).end();
  if (path === '/version') return sendJson(res, 200, { version: VERSION });
  if (path.startsWith('/v1/') && apiKey && req.headers.authorization !== `Bearer ${apiKey}`) {
    return sendJson(res, 401, { error: 'Unauthorized' });
  }
  if (req.method === 'GET' && path === '/v1/models') {
    const data = loaded
      ? served.map((id) => ({ id, object: 'model', created: 0, owned_by: 'vllm', root: args.model, max_model_len: maxModelLen }))
      : [];
    return sendJson(res, 200, { object: 'list', data });
  }
  if (req.method === 'POST' && path === '/v1/chat/completions') {
    return readJson(req, res, (body) => {
      if (!loaded) return openAiError(res, 503, 'the model is still loading');
      if (!body || !served.includes(body.model)) {
        return openAiError(res, 404, `The model \`${body && body.model}\` does not exist.`, 'NotFoundError');
      }
      sendCompletion(res, body, answerFor(body, 'the vLLM stand-in'));
    });
  }
  openAiError(res, 404, `Not Found: ${req.method} ${path}`, 'NotFoundError');
});

server.listen(port, args.host || '0.0.0.0', () => {
  console.log(`INFO Starting vLLM API server on http://${args.host || '0.0.0.0'}:${port}`);
  let step = 0;
  const shards = 4;
  const tick = setInterval(() => {
    console.log(`Loading safetensors checkpoint shards: ${Math.round((step / shards) * 100)}% Completed | ${step}/${shards}`);
    if (step++ < shards) return;
    clearInterval(tick);
    loaded = true;
    console.log(`INFO Model loaded: ${args.model} served as ${served.join(', ')}`);
    console.log('INFO:     Application startup complete.');
  }, 400);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
