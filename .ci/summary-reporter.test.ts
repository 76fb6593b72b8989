import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const vitestBin = path.join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const reporter = path.join(__dirname, 'summary-reporter.mts');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Runs vitest with the summary reporter on a scratch project and returns its last line. */
function summaryOf(files: Record<string, string>): { lastLine: string; status: number | null } {
  const root = mkdtempSync(path.join(tmpdir(), 'pipewright-summary-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  const run = spawnSync(
    process.execPath,
    [vitestBin, 'run', '--root', root, '--globals', '--reporter=default', `--reporter=${reporter}`],
    { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } },
  );
  const lines = run.stdout.trimEnd().split('\n');
  return { lastLine: lines[lines.length - 1], status: run.status };
}

it('ends a green run with the count of passed and failed tests', () => {
  const { lastLine, status } = summaryOf({
    'a.test.ts': "test('one', () => {}); test('two', () => {});",
  });
  expect(lastLine).toBe('tests: 2 passed, 0 failed');
  expect(status).toBe(0);
});

it('counts failed and skipped tests, and a test file that cannot load as a failure', () => {
  const { lastLine, status } = summaryOf({
    'a.test.ts': "test('ok', () => {}); test('bad', () => { expect(1).toBe(2); }); test.skip('later', () => {});",
    'b.test.ts': "import './does-not-exist'; test('never runs', () => {});",
  });
  expect(lastLine).toBe('tests: 1 passed, 2 failed, 1 skipped');
  expect(status).toBe(1);
});
