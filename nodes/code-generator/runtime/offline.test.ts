import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { NodeError } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';
import type { GenerationReport } from './report';

// Offline mode needs no model: these contexts provide no LLM (or Docker) at all.
let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function generate(blueprint: string, params: Record<string, unknown>) {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'generate' });
  const out = await codeGeneratorRuntime.run({
    inputs: { blueprint },
    params: codeGeneratorDefinition.params.parse({ mode: 'offline', ...params }),
    ctx: t.ctx,
  });
  const dir = (out.workspace as { path: string }).path;
  return { dir, report: out.report as GenerationReport, log: t.logs.map((l) => l.chunk).join('') };
}

/** Starts the project's start command with PORT set and returns what GET / answers. */
async function startAndGet(dir: string, command: string, path = '/'): Promise<{ status: number; body: string }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore', detached: true });
  try {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
        return { status: res.status, body: await res.text() };
      } catch (err) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`\`${command}\` never answered on port ${port}`, { cause: err });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
  }
}

const BOOKS = `# Book Club

A place where a reading club keeps its books and members.

## Resources
- books (title, author)
- members (name)
`;

describe('code generator, offline mode', () => {
  it('makes a Node REST API shaped by the blueprint whose own tests pass and which starts on PORT', async () => {
    const { dir, report, log } = await generate(BOOKS, { stack: 'node-api', verifyCommand: 'npm test' });
    expect(report).toMatchObject({
      mode: 'offline',
      stack: 'node-api',
      rounds: 1,
      startCommand: 'npm start',
      testCommand: 'npm test',
      tokens: { prompt: 0, completion: 0 },
      cost: 0,
    });
    expect(report.files).toEqual(['.gitignore', 'README.md', 'package.json', 'resources.json', 'src/app.js', 'src/server.js', 'test/api.test.js']);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'book-club', description: 'A place where a reading club keeps its books and members.', scripts: { start: 'node src/server.js' } });
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('| `/books` | Books | `title`, `author` |');

    // The scaffold's own tests ran for real through the verify command, and passed.
    expect(report.verify).toEqual([expect.objectContaining({ round: 1, command: 'npm test', passed: true, exitCode: 0, sandboxed: false })]);
    expect(report.verify[0].output).toMatch(/ℹ tests 10\nℹ suites 3\nℹ pass 10\nℹ fail 0/);
    expect(log).toContain('commands run UNSANDBOXED on this machine');

    const home = await startAndGet(dir, 'npm start');
    expect(home.status).toBe(200);
    expect(JSON.parse(home.body).resources.map((r: { name: string }) => r.name)).toEqual(['books', 'members']);
  });

  it('makes a Python API on the standard library whose unittest suite runs by itself, passes and is counted, and which starts on PORT', async () => {
    const { dir, report } = await generate('# Invoices\nA Python service.\nResources: invoices (customer, amount), customers (name)', {});
    expect(report.stack).toBe('python-api');
    expect(report.files).toEqual(['.gitignore', 'README.md', 'app.py', 'requirements.txt', 'resources.json', 'test_app.py']);
    expect(report.verify[0]).toMatchObject({ command: 'python3 -m unittest -v', passed: true });
    expect(report.verify[0].output).toMatch(/Ran 7 tests[\s\S]*OK/);
    expect(report.tests).toEqual({ passed: 7, failed: 0 });

    const home = await startAndGet(dir, 'python3 app.py');
    expect(home.status).toBe(200);
    expect(JSON.parse(home.body)).toMatchObject({ name: 'invoices', resources: [{ name: 'invoices', fields: ['customer', 'amount'] }, { name: 'customers' }] });
  });

  it('makes a static site with a section per resource whose own tests pass', async () => {
    const { dir, report } = await generate('# Sunny Bakery\nA landing page for our bakery.\nSections: breads, cakes & "pies"', {
      verifyCommand: 'npm test',
    });
    expect(report.stack).toBe('static-site');
    expect(report.verify[0]).toMatchObject({ passed: true });
    const html = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(html).toContain('<title>Sunny Bakery</title>');
    const home = await startAndGet(dir, 'npm start');
    expect(home.status).toBe(200);
    expect(home.body).toContain('<h1>Sunny Bakery</h1>');
  });

  it('escapes what the blueprint says wherever it lands', async () => {
    const { dir } = await generate('# Tom\'s "Best" <Shop>\nSells \\ things & more.\nResources: items', { stack: 'static-site' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.description).toBe('Sells \\ things & more.');
    expect(readFileSync(join(dir, 'site', 'index.html'), 'utf8')).toContain('<h1>Tom\'s &quot;Best&quot; &lt;Shop&gt;</h1>');
  });

  it('says which tests could not run when neither Docker nor the language is here, without failing', async () => {
    // A machine without Go: only Node's own folder on PATH (the shell is found by its full path).
    const saved = process.env.PATH;
    process.env.PATH = dirname(process.execPath);
    try {
      const { dir, report, log } = await generate('# Shop\nA Go REST API.\nResources: products (name)', {});
      expect(existsSync(join(dir, 'go.mod'))).toBe(true);
      expect(report.verify).toEqual([]);
      expect(log).toContain('[the go tests did not run: `go` is not installed here and no Docker engine answers]');
    } finally {
      process.env.PATH = saved;
    }
  });

  it('refuses a stack it has no scaffold for, naming the field', async () => {
    const error = await generate('# App', { stack: 'ruby' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as Error).message).toMatch(/^param "stack": offline mode has scaffolds for node-api, python-api, go-api, java-api, rust-api, static-site, not "ruby"/);
  });

  it('refuses a blueprint that names a language it has no scaffold for, instead of making another one', async () => {
    const error = (await generate('# Shop\nA Ruby on Rails REST API.\nResources: products (name)', {}).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toMatch(/^input "blueprint" asks for Ruby, which offline mode has no scaffold for: it makes REST APIs in Node, Python, Go, Java and Rust/);
    expect(t!.logs.map((l) => l.chunk).join('')).not.toContain('offline scaffold');
  });

  it('says which tests could not run when neither Docker nor the language is here, without failing', async () => {
    const { dir, report, log } = await generate('# Shop\nA Go REST API.\nResources: products (name)', { });
    expect(existsSync(join(dir, 'go.mod'))).toBe(true);
    if (report.verify.length) {
      // This machine has Go: the tests ran, unsandboxed, and passed.
      expect(report.verify[0]).toMatchObject({ command: 'go test -v ./...', passed: true, sandboxed: false });
      expect(report.tests?.failed).toBe(0);
    } else {
      expect(log).toContain('the go tests did not run: `go` is not installed here and no Docker engine answers');
    }
  });

  it('fails when the verify command fails, with its output', async () => {
    const error = (await generate('# App', { stack: 'node-api', verifyCommand: 'echo broken on purpose; exit 3' }).catch((e: unknown) => e)) as NodeError;
    expect(error.message).toBe('the verify command `echo broken on purpose; exit 3` fails on the offline scaffold (exit code 3)');
    expect(error.detail).toContain('broken on purpose');
  });
});
