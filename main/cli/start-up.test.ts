import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// What a quick command loads: `pipewright list` reads the store and nothing else, so it must not
// wait for the Docker, model, git, terminal or MCP clients that running and serving need; and a
// command that opens the engine loads a client's package only when a node first uses it.

const CLI = join(__dirname, '..', 'cli.ts');
// @cdktf/hcl2json: the Terraform parser's WASM, ~70 MiB once loaded.
const HEAVY = ['dockerode', 'openai', 'simple-git', '@lydell/node-pty', '@modelcontextprotocol/sdk', 'ws', 'tar-fs', '@cdktf/hcl2json'];

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** Runs one CLI command in a fresh process and reports its exit code, output and the packages it loaded. */
function loadedBy(args: string[]): { code: number; stdout: string; packages: string[] } {
  const home = mkdtempSync(join(tmpdir(), 'pw-start-up-'));
  homes.push(home);
  const script = `
    const { main } = require(${JSON.stringify(CLI)});
    let stdout = '';
    main(${JSON.stringify(args)}, { stdout: { write: (s) => (stdout += s) }, stderr: process.stderr }).then((code) => {
      const packages = new Set();
      for (const file of Object.keys(require.cache)) {
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
        if (m) packages.add(m[1]);
      }
      process.stdout.write(JSON.stringify({ code, stdout, packages: [...packages] }));
    });`;
  const done = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: { ...process.env, PIPEWRIGHT_HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (done.status !== 0) throw new Error(`the CLI process failed: ${done.stderr}`);
  return JSON.parse(done.stdout);
}

describe('pipewright list', () => {
  it('answers from the store without loading the Docker, model, git, terminal or MCP clients', () => {
    const { code, stdout, packages } = loadedBy(['list']);
    expect(code).toBe(0);
    expect(stdout).toContain('no saved pipelines yet');
    expect(packages).toContain('better-sqlite3');
    expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('validate compiles against every node kind and still loads no client; services loads Docker\'s', () => {
    const validated = loadedBy(['validate', join(__dirname, '..', '..', 'resources', 'templates', 'hello-shell.json')]);
    expect(validated.code).toBe(0);
    expect(validated.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    // The check sees a client that a command does load.
    expect(loadedBy(['services']).packages).toContain('dockerode');
  });
});
