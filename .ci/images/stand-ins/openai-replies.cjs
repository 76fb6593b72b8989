// What the stand-in model servers answer: OpenAI-compatible chat completions (plain JSON, or
// server-sent events when `stream` is set) from a fixed script instead of a model. Shared by
// the vLLM and Ollama stand-ins; plain Node, no dependencies, copied into their images.
'use strict';

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function openAiError(res, status, message, type = 'invalid_request_error') {
  sendJson(res, status, { error: { message, type, param: null, code: status } });
}

/** Reads a request body as JSON (undefined when empty; a 400 is sent when malformed). */
function readJson(req, res, then) {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (raw += d));
  req.on('end', () => {
    if (!raw) return then(undefined);
    let body;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      return openAiError(res, 400, `the body is not JSON: ${err.message}`);
    }
    then(body);
  });
}

function lastUserText(messages) {
  const user = [...(messages || [])].reverse().find((m) => m.role === 'user');
  const content = user && user.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => p.text || '').join('\n');
  return '';
}

/**
 * The scripted answer. A request for project files (a JSON schema with `files`, as the code
 * generator's single-shot mode sends) gets one file saying who answered it and for which
 * blueprint, so a test can tell which server a pipeline reached; anything else gets a greeting.
 */
function answerFor(body, who) {
  const schema = body.response_format && body.response_format.json_schema && body.response_format.json_schema.schema;
  const text = lastUserText(body.messages);
  const heading = (text.split('\n').find((l) => /^#\s/.test(l.trim())) || text.split('\n')[0] || '').trim().slice(0, 120);
  if (schema && schema.properties && schema.properties.files) {
    const content = `# Served by ${who}\n\nModel: ${body.model}\nBlueprint: ${heading}\n`;
    return JSON.stringify({ files: [{ path: 'SERVED_BY.md', content }], summary: `written by ${who}` });
  }
  return `Hello from ${who} (model ${body.model}).`;
}

const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

/** Answers a chat completion request with `content`, streamed when the client asked for it. */
function sendCompletion(res, body, content) {
  const id = `chatcmpl-stand-in-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const model = String(body.model);
  const usage = {
    prompt_tokens: tokens(JSON.stringify(body.messages || [])),
    completion_tokens: tokens(content),
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  if (!body.stream) {
    return sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage,
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta, finish = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }));
  for (let i = 0; i < content.length; i += 16) res.write(chunk({ content: content.slice(i, i + 16) }));
  res.write(chunk({}, 'stop'));
  if (body.stream_options && body.stream_options.include_usage) {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

/** One access-log line per request, as uvicorn and Ollama print them. */
function accessLog(req, status) {
  const from = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
  console.log(`INFO:     ${from} - "${req.method} ${req.url} HTTP/1.1" ${status}`);
}

module.exports = { sendJson, openAiError, readJson, answerFor, sendCompletion, accessLog };
