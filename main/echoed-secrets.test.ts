import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { openSqlite } from './adapters/db/sqlite';
import { dynamic, reply, startStandInModel, type StandInModel } from './adapters/llm/stand-in-model.test-support';
import type { EngineEvent } from './engine/events';
import { openHost, type Host } from './host';
import { startRun } from './run-pipeline';

const KEY = 'sk-echo-key-5e2b7c1d9a04f3';
/** Another secret in the store, which the call does not use: it is hidden all the same. */
const TOKEN = 'ghp-deploy-token-8c3f1a77';

let host: Host | undefined;
let model: StandInModel | undefined;
let home: string;
afterEach(async () => {
  host?.close();
  await model?.close();
  host = model = undefined;
  fs.rmSync(path.dirname(home), { recursive: true, force: true });
});

function open(): Host {
  home = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pw-echoed-secrets-')), 'home');
  host = openHost({ home });
  host.store.secrets.set('PROVIDER_KEY', KEY);
  host.store.secrets.set('DEPLOY_TOKEN', TOKEN);
  return host;
}

const node = (id: string, kind: string, params: Record<string, unknown>) => ({ id, kind, version: 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  id: `${from}-${to}`,
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

async function run(h: Host, doc: Pipeline): Promise<{ runId: string; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const { runId, handle } = startRun(h, { doc, projectId: doc.id, onEvent: (e) => events.push(e) });
  const summary = await handle.done;
  expect(summary.status, JSON.stringify(summary.nodes)).toBe('succeeded');
  h.store.runs.flush();
  return { runId, events };
}

/** Every byte the data folder's database keeps: the file, its WAL and shared memory. */
function databaseBytes(): Buffer {
  return Buffer.concat(
    fs.readdirSync(home).flatMap((f) => (f.startsWith('pipewright.db') ? [fs.readFileSync(path.join(home, f))] : [])),
  );
}

const logOf = (events: EngineEvent[], nodeId: string) =>
  events.flatMap((e) => (e.type === 'node-log' && e.nodeId === nodeId ? [e.chunk] : [])).join('');

describe('secret values a run meets', () => {
  it('are hidden when an endpoint echoes its key in a successful streamed answer: not in events, logs, transcript, response cache or the database file', async () => {
    const h = open();
    // A stand-in for a model that repeats the key it was sent, and another secret it was told.
    model = await startStandInModel({ models: ['gpt-4o-mini'], apiKey: KEY });
    model.script(
      dynamic((request) => {
        const sent = String(request.headers.authorization).replace(/^Bearer /, '');
        const files = [{ path: 'config.txt', content: `api_key=${sent}\ndeploy_token=${TOKEN}\n` }];
        return reply(JSON.stringify({ files, summary: `configured with ${sent}` }), { promptTokens: 200, completionTokens: 60 });
      }),
    );
    const doc: Pipeline = {
      format: FORMAT,
      id: 'echo',
      name: 'Echo',
      nodes: [
        node('spec', 'text', { text: '# Config\nWrite config.txt with the API key.' }),
        node('model', 'llm-endpoint', { baseUrl: model.url, model: 'gpt-4o-mini', apiKeySecret: 'PROVIDER_KEY' }),
        // Temperature 0: the answer goes into the response cache.
        node('gen', 'code-generator', { mode: 'single-shot', temperature: 0 }),
      ],
      edges: [edge('spec', 'text', 'gen', 'blueprint'), edge('model', 'endpoint', 'gen', 'endpoint')],
    };
    const { runId, events } = await run(h, doc);
    expect(model.chats[0].headers.authorization).toBe(`Bearer ${KEY}`);

    // The answer streamed in six-character pieces, so the key crossed chunk boundaries.
    const streamed = logOf(events, 'gen');
    expect(streamed).toContain('api_key=[secret PROVIDER_KEY]');
    expect(streamed).toContain('deploy_token=[secret DEPLOY_TOKEN]');
    const transcript = JSON.stringify(h.store.transcripts.list(runId));
    expect(transcript).toContain('configured with [secret PROVIDER_KEY]');
    const stored = JSON.stringify(h.store.runs.logs(runId));
    expect(stored).toContain('[secret PROVIDER_KEY]');

    const db = openSqlite(h.store.file, { readonly: true });
    const cached = db.prepare('SELECT response FROM llm_response_cache').all() as { response: string }[];
    db.close();
    expect(cached).toHaveLength(1);
    expect(cached[0].response).toContain('api_key=[secret PROVIDER_KEY]');

    const live = JSON.stringify(events);
    const bytesWithWal = databaseBytes();
    h.close();
    host = undefined;
    const bytesClosed = databaseBytes();
    for (const value of [KEY, TOKEN]) {
      for (const text of [live, streamed, transcript, stored, cached[0].response]) expect(text).not.toContain(value);
      expect(bytesWithWal.includes(Buffer.from(value))).toBe(false);
      expect(bytesClosed.includes(Buffer.from(value))).toBe(false);
    }
    // The generated file says where the key was, not the key.
    const report = events.find((e) => e.type === 'node-finished' && e.nodeId === 'gen');
    expect(JSON.stringify(report)).toContain('configured with [secret PROVIDER_KEY]');
  });

  it('are hidden in what any node prints, even when a value arrives split across two log chunks', async () => {
    const h = open();
    const [head, tail] = [KEY.slice(0, 9), KEY.slice(9)];
    const doc: Pipeline = {
      format: FORMAT,
      id: 'printer',
      name: 'Printer',
      // Printed in two writes, a pause between, so the terminal delivers two chunks.
      nodes: [node('say', 'shell', { command: `printf 'key: ${head}'; sleep 0.3; printf '${tail} done\\n'` })],
      edges: [],
    };
    const { runId, events } = await run(h, doc);
    const chunks = events.flatMap((e) => (e.type === 'node-log' && e.nodeId === 'say' && e.stream === 'stdout' ? [e.chunk] : []));
    // The first piece ended in the middle of the key: it was held back until the second came.
    expect(chunks[0]).toBe('key: ');
    expect(chunks.join('')).toContain('key: [secret PROVIDER_KEY] done');
    const stored = h.store.runs.logs(runId, 'say').map((c) => c.chunk).join('');
    expect(stored).toContain('key: [secret PROVIDER_KEY] done');
    // The node's own output, as the events carry it to the screen and the history.
    const finished = events.find((e) => e.type === 'node-finished' && e.nodeId === 'say');
    expect(JSON.stringify(finished)).toContain('[secret PROVIDER_KEY]');
    for (const text of [JSON.stringify(events), stored]) expect(text).not.toContain(KEY);
    // Its result held the key, so it was not cached: the next run runs it again.
    const again = await run(h, doc);
    expect(again.events.find((e) => e.type === 'node-finished' && e.nodeId === 'say')).toMatchObject({ status: 'succeeded' });
    expect(databaseBytes().includes(KEY)).toBe(false);
  });
});
