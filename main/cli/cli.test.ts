import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { jsonLines, runCli, startCli } from './run-cli.test-support';

const TEMPLATES = join(__dirname, '..', '..', 'resources', 'templates');
let home: string;
let dir: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-cli-home-'));
  dir = mkdtempSync(join(tmpdir(), 'pw-cli-files-'));
});

function writeDoc(name: string, doc: object): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ format: 'pipewright/1', edges: [], ...doc }, null, 2));
  return file;
}

const shell = (id: string, command: string, extra: object = {}) => ({
  id,
  kind: 'shell',
  params: { command, ...extra },
  position: { x: 0, y: 0 },
});
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  id: `${from}-${to}`,
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

function summaryOf(stdout: string) {
  const lines = jsonLines(stdout);
  return lines[lines.length - 1] as {
    type: string;
    runId: string;
    status: string;
    outputs: Record<string, unknown>;
    nodes: Record<string, { status: string; cached: boolean; durationMs: number; outputs?: Record<string, unknown> }>;
  };
}

describe('pipewright run', () => {
  it('runs the bundled hello template, then reuses every result on a second run', async () => {
    const file = join(TEMPLATES, 'hello-shell.json');
    const first = await runCli(['run', file, '--json'], home);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const s1 = summaryOf(first.stdout);
    expect(s1.status).toBe('succeeded');
    expect(s1.nodes.write.outputs?.stdout).toContain('Hello from Pipewright');
    expect(String(s1.nodes.count.outputs?.stdout).trim()).toBe('2');

    const second = await runCli(['run', file, '--json'], home);
    const s2 = summaryOf(second.stdout);
    expect(second.code).toBe(0);
    expect(Object.values(s2.nodes).map((n) => n.status)).toEqual(['cached', 'cached', 'cached']);

    const runs = await runCli(['runs', 'hello-shell', '--json'], home);
    expect(JSON.parse(runs.stdout).map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('prints live progress with statuses and elapsed time for people', async () => {
    const file = writeDoc('two.json', { id: 'two', name: 'Two', nodes: [shell('a', 'echo one'), shell('b', 'exit 3')] });
    const res = await runCli(['run', file], home);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/✓ a \(shell\) succeeded {2}\d+(\.\d)? m?s/);
    expect(res.stdout).toMatch(/✗ b \(shell\) failed .*command exited with code 3/);
    expect(res.stdout).toMatch(/failed in .* — /);
  });

  it('exits 1 and lists every problem of an invalid template, each naming its node', async () => {
    const file = writeDoc('bad.json', {
      id: 'bad',
      name: 'Bad',
      nodes: [shell('a', ''), { id: 'b', kind: 'teleport', params: {}, position: { x: 0, y: 0 } }],
    });
    const res = await runCli(['validate', file], home);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/2 problems/);
    expect(res.stderr).toMatch(/"a".*command/);
    expect(res.stderr).toMatch(/"b".*teleport/);
  });

  it('answers bad input with one clear line and no stack trace', async () => {
    const missing = await runCli(['run', join(dir, 'nope.json')], home);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^pipewright: .*nope\.json: no such file$/);

    writeFileSync(join(dir, 'broken.json'), '{"format": "pipewright/1", ');
    const broken = await runCli(['validate', join(dir, 'broken.json')], home);
    expect(broken.code).toBe(1);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/broken\.json: invalid JSON/);

    const newer = writeDoc('newer.json', { format: 'pipewright/9', id: 'n', name: 'N', nodes: [] });
    const res = await runCli(['run', newer], home);
    expect(res.stderr).toMatch(/newer than this Pipewright understands/);
    expect(res.stderr).not.toMatch(/\n\s+at /);

    const unknown = await runCli(['frobnicate'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('imports (keeping the id, or picking a new one when taken), lists and exports', async () => {
    const file = join(TEMPLATES, 'hello-shell.json');
    const a = await runCli(['import', file], home);
    expect(a.stdout).toMatch(/imported "Hello, shell" as hello-shell\n/);
    const b = await runCli(['import', file], home);
    expect(b.stdout).toMatch(/imported "Hello, shell \(2\)" as \S+ \(the id hello-shell was taken\)\n/);
    const newId = /as (\S+) \(the id hello-shell was taken\)/.exec(b.stdout)?.[1];
    expect(newId).toBeTruthy();
    expect(newId).not.toBe('hello-shell');

    const list = await runCli(['list'], home);
    expect(list.stdout).toMatch(/hello-shell\s+Hello, shell\s+3/);
    expect(list.stdout).toContain(newId!);

    const out = join(dir, 'exported.json');
    const exp = await runCli(['export', 'hello-shell', out], home);
    expect(exp.code).toBe(0);
    const original = JSON.parse(readFileSync(file, 'utf8'));
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect({ ...exported, $schema: undefined }).toEqual({ ...original, $schema: undefined });

    // A saved pipeline runs by id.
    const run = await runCli(['run', 'hello-shell', '--json'], home);
    expect(summaryOf(run.stdout).status).toBe('succeeded');
  });

  it('passes typed --input values to pipeline inputs and prints pipeline outputs', async () => {
    const file = writeDoc('greet.json', {
      id: 'greet',
      name: 'Greet',
      nodes: [
        { id: 'who', kind: 'pipeline-input', params: { name: 'who', type: 'text' }, position: { x: 0, y: 0 } },
        shell('say', 'read name; echo "hi $name"'),
        { id: 'out', kind: 'pipeline-output', params: { name: 'greeting' }, position: { x: 0, y: 0 } },
      ],
      edges: [edge('who', 'value', 'say', 'input'), edge('say', 'stdout', 'out', 'value')],
    });
    const res = await runCli(['run', file, '--input', 'who=Ada', '--json'], home);
    expect(res.code).toBe(0);
    expect(String(summaryOf(res.stdout).outputs.greeting).trim()).toBe('hi Ada');

    const wrong = await runCli(['run', file, '--input', 'whom=Ada'], home);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/no input named "whom" \(inputs: who\)/);
  });

  it('after kill -9 the run shows as interrupted and --resume reuses the finished nodes', async () => {
    const marks = mkdtempSync(join(tmpdir(), 'pw-marks-'));
    const file = writeDoc('long.json', {
      id: 'long',
      name: 'Long',
      nodes: [
        shell('first', `echo ran >> ${marks}/first.log`),
        // Sleeps until the test says it may finish, so the kill lands while it runs.
        shell('second', `while [ ! -f ${marks}/go ]; do sleep 0.1; done; echo done`),
      ],
      edges: [edge('first', 'workspace', 'second', 'workspace')],
    });
    const child = startCli(['run', file, '--json'], home);
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('"type":"node-started","runId"') && /"nodeId":"second"/.test(out)) resolve();
      });
      child.on('exit', () => reject(new Error(`CLI exited early: ${out}`)));
    });
    // Writes are batched (every 50 ms): the crash comes once the first node's result has landed,
    // as it would in a real crash a while later, however busy the machine is.
    const landed = () => {
      const db = openSqlite(join(home, 'pipewright.db'), { readonly: true });
      try {
        return db.prepare(`SELECT status FROM node_runs WHERE node_id = 'first'`).get() as { status: string } | undefined;
      } finally {
        db.close();
      }
    };
    for (const end = Date.now() + 15_000; landed()?.status !== 'succeeded' && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
    expect(landed()?.status).toBe('succeeded');
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('close', r));
    const runId = (jsonLines(out)[0] as { runId: string }).runId;

    const runs = await runCli(['runs', 'long', '--json'], home);
    expect(JSON.parse(runs.stdout)[0]).toMatchObject({ id: runId, status: 'interrupted' });

    writeFileSync(join(marks, 'go'), '');
    const resumed = await runCli(['run', file, '--resume', '--json'], home);
    expect(resumed.code).toBe(0);
    const summary = summaryOf(resumed.stdout);
    expect(summary.runId).toBe(runId);
    expect(summary.nodes.first.status).toBe('cached');
    expect(summary.nodes.second.status).toBe('succeeded');
    expect(readFileSync(join(marks, 'first.log'), 'utf8')).toBe('ran\n');
    const after = await runCli(['runs', 'long', '--json'], home);
    expect(JSON.parse(after.stdout)).toHaveLength(1);
    expect(JSON.parse(after.stdout)[0].status).toBe('succeeded');
  });

  it('Ctrl+C cancels the run, kills its processes and records it as cancelled', async () => {
    const marks = mkdtempSync(join(tmpdir(), 'pw-marks-'));
    const file = writeDoc('sleepy.json', {
      id: 'sleepy',
      name: 'Sleepy',
      nodes: [shell('nap', `echo $$ > ${marks}/pid; sleep 1000`)],
    });
    const child = startCli(['run', file, '--json'], home);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    while (!existsSync(join(marks, 'pid')) || !readFileSync(join(marks, 'pid'), 'utf8').trim()) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const pid = Number(readFileSync(join(marks, 'pid'), 'utf8'));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(1);
    expect(summaryOf(out).status).toBe('cancelled');
    expect(summaryOf(out).nodes.nap.status).toBe('cancelled');
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
