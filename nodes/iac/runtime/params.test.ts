import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { iacDefinition } from '../definition';
import { iacRuntime } from '.';

// Odd values of the iac node's params: refused by the schema when no file could use them, and
// written so that every file still means what the person asked when they are allowed.

let t: TestRunContext | undefined;
let server: Server | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  server?.close();
  server = undefined;
});

const problems = (params: Record<string, unknown>) => {
  const parsed = iacDefinition.params.safeParse(params);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

/** A workspace of `language` with no service: just enough for the stack to be detected. */
async function app(root: string, language: 'node' | 'python' | 'go'): Promise<string> {
  const dir = join(root, language);
  await mkdir(dir, { recursive: true });
  const files = {
    node: { 'package.json': JSON.stringify({ name: 'web', scripts: { start: 'node server.js' } }), 'server.js': '' },
    python: { 'requirements.txt': '\n', 'app.py': '' },
    go: { 'go.mod': 'module example.org/web\n\ngo 1.22\n', 'main.go': 'package main\n\nfunc main() {}\n' },
  }[language];
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function generate(dir: string, params: Record<string, unknown>) {
  t ??= await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
  return iacRuntime.run({ inputs: { workspace: { path: dir } }, params: iacDefinition.params.parse(params), ctx: t.ctx });
}

/**
 * The app's healthcheck as compose itself reads the file, without CMD: interpolation done (a
 * `$HOME` left bare would come back as this machine's home), then `$$` read as the `$` it is.
 */
function composeHealthcheck(dir: string): string[] {
  const config = execFileSync('docker-compose', ['-f', 'compose.yaml', 'config'], { cwd: dir, encoding: 'utf8' });
  const test = (parseYamlDocuments(config)[0].data as { services: { app: { healthcheck: { test: string[] } } } }).services.app.healthcheck.test;
  expect(test[0]).toBe('CMD');
  return test.slice(1).map((s) => s.replace(/\$\$/g, '$'));
}

/** Runs a healthcheck command here, as the container would: its exit code. */
const exitCode = (command: string[]) =>
  new Promise<number>((resolve) => {
    execFile(command[0], command.slice(1), { timeout: 20_000 }, (err) => resolve(err ? ((err as { code?: number }).code ?? 1) : 0));
  });

describe('iac params with odd values', () => {
  it('refuses CPU and memory no file could use, and names the field', () => {
    expect(problems({ cpu: '2Gi' })).toEqual([expect.stringMatching(/^cpu: CPU as cores/)]);
    expect(problems({ cpu: '0' })).toEqual(['cpu: more than 0 CPU']);
    expect(problems({ cpu: '1.5m' })).toHaveLength(1);
    expect(problems({ memory: '512m' })).toEqual([expect.stringMatching(/^memory: .*m would mean thousandths of a byte/)]);
    expect(problems({ memory: '1' })).toEqual(['memory: at least 6Mi (Docker refuses less)']);
    expect(problems({ memory: '5Mi' })).toHaveLength(1);
    expect(problems({ cpu: '0.25', memory: '1.5Gi' })).toEqual([]);
    expect(problems({ cpu: '2', memory: '300000000' })).toEqual([]);
  });

  it('refuses a health path with a space or a double quote', () => {
    expect(problems({ healthPath: '/health check' })).toEqual([expect.stringMatching(/^healthPath: a URL path starting with \//)]);
    expect(problems({ healthPath: '/a"b' })).toHaveLength(1);
    expect(problems({ healthPath: 'health' })).toHaveLength(1);
    expect(problems({ healthPath: "/api/it's/$1?a=1&b=2;x" })).toEqual([]);
  });

  it('refuses a service it cannot write, naming it and the ones it can', () => {
    expect(problems({ services: ['postgres', 'mysql'] })).toEqual([
      `services.1: "mysql" is not a service iac can write: it writes postgres and redis; add any other to compose.yaml yourself (a file without Pipewright's first line is kept)`,
    ]);
  });

  it('names a service the app uses that iac does not write, and still writes the rest', async () => {
    t = await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
    const dir = await app(t.root, 'node');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'web', scripts: { start: 'node server.js' }, dependencies: { mysql2: '^3.9.0', ioredis: '^5.3.0' } }));
    const out = await generate(dir, { targets: ['compose'] });
    expect(out.report).toMatchObject({ services: ['redis'], unsupportedServices: ['MySQL'] });
    const said = t.logs.map((l) => l.chunk).join('');
    expect(said).toContain('the app seems to need MySQL (from package.json), which iac does not write (it writes PostgreSQL and Redis)');
  });

  it('writes a fractional memory limit in every target as the same amount', async () => {
    t = await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
    const dir = await app(t.root, 'node');
    await generate(dir, { memory: '1.5Gi', cpu: '0.25', services: [] });
    const compose = parseYamlDocuments(readFileSync(join(dir, 'compose.yaml'), 'utf8'))[0].data as { services: { app: Record<string, unknown> } };
    expect(compose.services.app).toMatchObject({ mem_limit: '1536m', cpus: '0.25' });
    expect(readFileSync(join(dir, 'infra/terraform/docker/variables.tf'), 'utf8')).toMatch(/variable "memory_mb" \{[^}]*default\s*=\s*1536\b/);
    const deployment = parseYamlDocuments(readFileSync(join(dir, 'infra/k8s/app.yaml'), 'utf8'))[1].data as {
      spec: { template: { spec: { containers: { resources: unknown }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '0.25', memory: '1.5Gi' }, limits: { cpu: '0.25', memory: '1.5Gi' } });
  });

  // A path with a quote, a `$`, an `&` and a `;`: each language's health command must ask for
  // exactly that path. Run here against a server that answers 200 on that path alone, and 404
  // on every other (an `&` that backgrounded the request would pass against both).
  it.each(['node', 'python', 'go'] as const)('quotes a health path with quote, $, & and ; in the %s health check', async (language) => {
    const path = "/api/it's/$HOME?a=1&b=2;x";
    let answer = 200;
    const asked: string[] = [];
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.statusCode = req.url === path ? answer : 404;
      res.end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    t = await createTestRunContext({ pty: createPty(), nodeId: 'iac' });
    const dir = await app(t.root, language);
    await generate(dir, { healthPath: path, port, services: [], targets: ['compose', 'terraform'] });

    const command = composeHealthcheck(dir);
    expect(await exitCode(command), JSON.stringify(asked)).toBe(0);
    expect(asked.at(-1)).toBe(path);
    answer = 500;
    expect(await exitCode(command)).not.toBe(0);
    // Terraform hands Docker the same command.
    expect(readFileSync(join(dir, 'infra/terraform/docker/main.tf'), 'utf8')).toContain(JSON.stringify(command.at(-1)).replace(/([$%])\{/g, '$1$1{'));
  });
});
