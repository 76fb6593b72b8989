import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// What a quick command loads: `pipewright list` reads the store and nothing else, so it must not
// wait for the Docker, model, git, terminal or MCP clients that running and serving need.

const CLI = join(__dirname, '..', 'cli.ts');
const HEAVY = ['dockerode', 'openai', 'simple-git', '@lydell/node-pty', '@modelcontextprotocol/sdk', 'ws', 'tar-fs'];

let home: string | undefined;
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

/** Runs one CLI command in a fresh process and reports its exit code, output and the packages it loaded. */
function loadedBy(args: string[]): { code: number; stdout: string; packages: string[] } {
  home = mkdtempSync(join(tmpdir(), 'pw-start-up-'));
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

  it('loads the clients when a command needs them: validate compiles against every node kind', () => {
    const { packages } = loadedBy(['validate', join(__dirname, '..', '..', 'resources', 'templates', 'hello-shell.json')]);
    expect(packages).toContain('dockerode');
  });
});
