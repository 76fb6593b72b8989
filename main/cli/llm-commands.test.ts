import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLocalImages } from '../adapters/docker/docker.test-support';
import { callTool, reply, startStandInModel, type StandInModel } from '../adapters/llm/stand-in-model.test-support';
import { main } from '../cli';
import { llmBudgetKey } from '../settings-keys';
import { Store } from '../store';
import { jsonLines, runCli, type CliResult } from './run-cli.test-support';

const ROOT = join(__dirname, '..', '..');
// The offline template's sandboxed commands run in the sandbox image CI builds (its CLI reads the variable).
useLocalImages();
const KEY = 'sk-stand-in-key-7d1e0c9b5a3f';

let home: string;
let dir: string;
let model: StandInModel | undefined;
const savedHome = process.env.PIPEWRIGHT_HOME;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-llm-cli-home-'));
  dir = mkdtempSync(join(tmpdir(), 'pw-llm-cli-files-'));
  process.env.PIPEWRIGHT_HOME = home;
});
afterEach(async () => {
  await model?.close();
  model = undefined;
  if (savedHome === undefined) delete process.env.PIPEWRIGHT_HOME;
  else process.env.PIPEWRIGHT_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The CLI's own entry point in this process, with `input` as its standard input: the same code
 * as the command line, without paying for a process start each call (a few run as processes).
 */
async function cli(args: string[], input?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    stdin: Readable.from(input === undefined ? [] : [input]),
  });
  return { code, stdout, stderr };
}

/** The real CLI in a child process, with `input` on its standard input. */
function cliWithInput(args: string[], input: string): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PIPEWRIGHT_HOME: home, FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every byte Pipewright keeps in its data folder, the database and its WAL included. */
function everythingStored(): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(readFileSync(p).toString('latin1'));
    }
  };
  walk(home);
  return files.join('\n');
}

const node = (id: string, kind: string, params: object) => ({ id, kind, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  id: `${from}-${to}`,
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

describe('the bundled offline template', () => {
  it('makes a REST API with no model and no key, and its own tests pass', async () => {
    const run = await runCli(['run', join(ROOT, 'resources', 'templates', 'offline-node-api.json'), '--json'], home);
    const summary = jsonLines(run.stdout).at(-1) as { nodes: Record<string, { status: string; error?: string; outputs: Record<string, any> }> };
    // A failure shows which node failed and why, not only the exit code.
    const failed = Object.fromEntries(Object.entries(summary?.nodes ?? {}).flatMap(([id, n]) => (n.status === 'failed' ? [[id, n.error]] : [])));
    expect({ code: run.code, stderr: run.stderr, failed }).toEqual({ code: 0, stderr: '', failed: {} });
    expect(summary.nodes.generate.outputs.report).toMatchObject({ mode: 'offline', stack: 'node-api', startCommand: 'npm start' });
    expect(summary.nodes.test.outputs.stdout).toMatch(/ℹ pass 10\nℹ fail 0/);
  });
});

describe('pipewright secret', () => {
  it('stores a value from standard input, lists names only, and removes it', async () => {
    // A real process reading a real pipe, as `printf … | pipewright secret set` would.
    const set = await cliWithInput(['secret', 'set', 'PROVIDER_KEY'], `${KEY}\n`);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toBe('secret PROVIDER_KEY saved (encrypted; pipelines refer to it by name)\n');

    const list = await cli(['secret', 'list']);
    expect(list.stdout).toMatch(/^NAME +SET\nPROVIDER_KEY +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$/);
    expect(JSON.parse((await cli(['secret', 'list', '--json'])).stdout)).toEqual(['PROVIDER_KEY']);
    expect(everythingStored()).not.toContain(KEY);

    expect((await cli(['secret', 'set', 'PROVIDER_KEY'], 'second')).stdout).toContain('replaced');
    expect(await cli(['secret', 'rm', 'PROVIDER_KEY'])).toMatchObject({ code: 0, stdout: 'secret PROVIDER_KEY removed\n' });
    expect(await cli(['secret', 'rm', 'PROVIDER_KEY'])).toMatchObject({
      code: 1,
      stderr: 'pipewright: no secret named PROVIDER_KEY (see pipewright secret list)\n',
    });
  });

  it('refuses an empty value and a bad name, saying how to do it', async () => {
    expect(await cli(['secret', 'set', 'EMPTY'], '')).toMatchObject({
      code: 2,
      stderr: 'pipewright: no value for EMPTY on standard input: printf %s "$VALUE" | pipewright secret set EMPTY\n',
    });
    const bad = await cli(['secret', 'set', 'no spaces'], 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no spaces" is not a valid secret name');
  });
});

describe('pipewright endpoint', () => {
  it('adds endpoints, tests them with GET /models using the key secret, and routes tasks', async () => {
    model = await startStandInModel({ models: ['coder-large', 'coder-small'], apiKey: KEY });
    await cli(['secret', 'set', 'PROVIDER_KEY'], KEY);
    const add = await cli(['endpoint', 'add', 'standin', '--base-url', model.url, '--model', 'coder-large', '--key-secret', 'PROVIDER_KEY']);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toBe(`endpoint standin saved: ${model.url}, model coder-large; check it with pipewright endpoint test standin\n`);

    const ok = await cli(['endpoint', 'test', 'standin']);
    expect(ok).toMatchObject({ code: 0, stdout: `standin: ${model.url} answers and serves coder-large (2 models)\n` });
    expect(model.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models', headers: { authorization: `Bearer ${KEY}` } });

    await cli(['endpoint', 'add', 'wrong', '--base-url', model.url, '--model', 'coder-huge', '--key-secret', 'PROVIDER_KEY']);
    const missing = await cli(['endpoint', 'test', 'wrong']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('does not list the model coder-huge; it serves: coder-large, coder-small');

    const route = await cli(['endpoint', 'route', 'code_generation', 'complex', 'wrong,standin@coder-small']);
    expect(route).toMatchObject({ code: 0, stdout: 'route code_generation complex: wrong, then standin@coder-small\n' });
    const list = await cli(['endpoint', 'list']);
    expect(list.stdout).toContain(`standin  ${model.url}  coder-large  PROVIDER_KEY`);
    expect(list.stdout).toMatch(/code_generation +complex +wrong, standin@coder-small/);
    expect(JSON.parse((await cli(['endpoint', 'list', '--json'])).stdout).routes).toEqual([
      { task: 'code_generation', complexity: 'complex', use: [{ endpoint: 'wrong' }, { endpoint: 'standin', model: 'coder-small' }] },
    ]);

    const rm = await cli(['endpoint', 'rm', 'wrong']);
    expect(rm.stderr).toBe('warning: the route code_generation complex still names wrong; change it with pipewright endpoint route code_generation complex …\n');
  });

  it('says what is wrong when an endpoint does not answer or the key is not accepted', async () => {
    model = await startStandInModel({ apiKey: KEY });
    await cli(['endpoint', 'add', 'nokey', '--base-url', model.url, '--model', 'm']);
    const refused = await cli(['endpoint', 'test', 'nokey']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`pipewright: ${model.url}: listing the models failed: 401: Incorrect API key provided: ; check the API key secret`);
    expect((await cli(['endpoint', 'route', 'cooking', '*', 'nokey'])).stderr).toContain('task "cooking" is not one of code_generation, planning, troubleshooting, chat');
  });
});

describe('pipewright budget', () => {
  it('sets, shows and removes a project budget', async () => {
    expect((await cli(['import', join(ROOT, 'resources', 'templates', 'hello-shell.json')])).code).toBe(0);
    const shop = (JSON.parse((await cli(['list', '--json'])).stdout) as { id: string }[])[0].id;
    expect((await cli(['budget', shop, '2.5'])).stdout).toBe(`project ${shop}: spent $0.00 of $2.50 (0 calls, 0 tokens); $2.50 left\n`);
    expect((await cli(['budget', shop, '0.001'])).stdout).toBe(`project ${shop}: spent $0.00 of $0.001 (0 calls, 0 tokens); $0.001 left\n`);
    expect(JSON.parse((await cli(['budget', shop, '--json'])).stdout)).toMatchObject({ projectId: shop, limit: 0.001, cost: 0 });
    expect((await cli(['budget', shop, 'off'])).stdout).toBe(`project ${shop}: no LLM budget\n`);
    expect((await cli(['budget', shop, 'lots'])).code).toBe(2);
    // The editor's limit: a larger amount is refused, and the budget stays as it was.
    expect(await cli(['budget', shop, '5000000'])).toMatchObject({ code: 2, stderr: 'pipewright: a budget is at most $1,000,000; for no limit, use off\n' });
    expect((await cli(['budget', shop])).stdout).toBe(`project ${shop}: spent $0.00 (0 calls, 0 tokens); no budget set\n`);
  });

  it('refuses a budget for a project that does not exist, naming it, and writes nothing', async () => {
    const refused = await cli(['budget', 'nope', '5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('there is no project "nope"');
    expect(refused.stdout).toBe('');
    expect((await cli(['budget', 'nope', '--json'])).code).toBe(2);
    const store = Store.open(home);
    expect(store.settings.get(llmBudgetKey('nope'))).toBeUndefined();
    store.close();
  });

  it('takes a template file before its first run, for the project its runs are kept under', async () => {
    const file = join(ROOT, 'resources', 'templates', 'offline-node-api.json');
    expect(await cli(['budget', file, '0.05'])).toMatchObject({ code: 0, stdout: 'project offline-node-api: spent $0.00 of $0.05 (0 calls, 0 tokens); $0.05 left\n' });
    expect((await cli(['budget', 'offline-node-api'])).stdout).toBe('project offline-node-api: spent $0.00 of $0.05 (0 calls, 0 tokens); $0.05 left\n');
    const missing = await cli(['budget', './no-such-template.json', '1']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('no-such-template.json: no such file');
  });
});

describe('a pipeline whose LLM endpoint uses a secret', () => {
  it('runs with the key, keeps the transcript, and never writes the value to events, logs, the database or an export', async () => {
    model = await startStandInModel({ models: ['gpt-4o-mini'], apiKey: KEY });
    await cli(['secret', 'set', 'PROVIDER_KEY'], KEY);
    const files = JSON.stringify({ files: [{ path: 'hello.txt', content: 'hello' }], summary: 'said hello' });
    model.script(reply(files, { promptTokens: 1000, completionTokens: 100 }));
    const doc = {
      format: 'pipewright/1',
      id: 'keyed',
      name: 'Keyed',
      nodes: [
        node('spec', 'text', { text: '# Hello\nA file that says hello.' }),
        node('model', 'llm-endpoint', { baseUrl: model.url, model: 'gpt-4o-mini', apiKeySecret: 'PROVIDER_KEY' }),
        node('gen', 'code-generator', { mode: 'single-shot' }),
      ],
      edges: [edge('spec', 'text', 'gen', 'blueprint'), edge('model', 'endpoint', 'gen', 'endpoint')],
    };
    const file = join(dir, 'keyed.json');
    writeFileSync(file, JSON.stringify(doc));

    const run = await runCli(['run', file, '--json'], home);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = jsonLines(run.stdout).at(-1) as { runId: string; nodes: Record<string, { outputs: { report: { files: string[]; cost: number } } }> };
    expect(summary.nodes.gen.outputs.report).toMatchObject({ files: ['hello.txt'], tokens: { prompt: 1000, completion: 100 } });
    expect(model.chats[0].headers.authorization).toBe(`Bearer ${KEY}`);

    const transcript = await cli(['transcript', summary.runId, 'gen']);
    expect(transcript.stdout).toMatch(/^── gen · conversation 1\nsystem: You are a careful software engineer[\s\S]*\nuser: Blueprint:\n\n# Hello[\s\S]*\nassistant: \{"files"/);
    const budget = await cli(['budget', 'keyed']);
    expect(budget.stdout).toBe('project keyed: spent $0.00021 (1 call, 1100 tokens); no budget set\n');

    // A wrong key echoed back by the server stays out of the error too. (A new blueprint: the
    // same one would be answered from the response cache, without a request.)
    const wrong = 'sk-wrong-value-that-must-stay-secret';
    await cli(['secret', 'set', 'PROVIDER_KEY'], wrong);
    doc.nodes[0].params = { text: '# Goodbye\nA file that says goodbye.' };
    writeFileSync(file, JSON.stringify(doc));
    const failed = await cli(['run', file, '--json']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('401: Incorrect API key provided: [secret PROVIDER_KEY]');

    const imported = await cli(['import', file]);
    expect(imported.code).toBe(0);
    const exported = join(dir, 'exported.json');
    expect((await cli(['export', 'keyed', exported])).code).toBe(0);
    const logs = await cli(['logs', summary.runId]);

    for (const value of [KEY, wrong]) {
      for (const text of [run.stdout, failed.stdout, failed.stderr, logs.stdout, transcript.stdout, readFileSync(exported, 'utf8'), everythingStored()]) {
        expect(text).not.toContain(value);
      }
    }
    expect(readFileSync(exported, 'utf8')).toContain('"apiKeySecret": "PROVIDER_KEY"');
  });

  it('runs an agent through the CLI and shows its tool calls in the transcript', async () => {
    model = await startStandInModel();
    model.script(callTool('write_file', { path: 'notes.md', content: '# Notes' }), callTool('finish', { summary: 'wrote notes' }));
    const doc = {
      format: 'pipewright/1',
      id: 'agentic',
      name: 'Agentic',
      nodes: [
        node('spec', 'text', { text: 'Write notes.md' }),
        node('model', 'llm-endpoint', { baseUrl: model.url, model: 'stand-in-coder' }),
        node('gen', 'code-generator', { mode: 'agent' }),
      ],
      edges: [edge('spec', 'text', 'gen', 'blueprint'), edge('model', 'endpoint', 'gen', 'endpoint')],
    };
    const file = join(dir, 'agentic.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = await cli(['run', file, '--json']);
    expect(run.code).toBe(0);
    const { runId } = jsonLines(run.stdout).at(-1) as { runId: string };
    const transcript = (await cli(['transcript', runId])).stdout;
    expect(transcript).toContain('  → write_file {"path":"notes.md","content":"# Notes"}\ntool: wrote notes.md (7 B)\n');
    expect(transcript).toContain('  → finish {"summary":"wrote notes"}\n');
  });
});
