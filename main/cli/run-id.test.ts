import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleDoc, tempStore } from '../store/store.test-support';
import { jsonLines, runCli } from './run-cli.test-support';
import { resolveRunId } from './run-id';

const TEMPLATES = join(__dirname, '..', '..', 'resources', 'templates');

function storeWithRuns(ids: string[]) {
  const store = tempStore();
  const doc = sampleDoc('site', 'Site');
  store.pipelines.save(doc);
  for (const runId of ids) store.runs.begin({ runId, projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' } });
  return store;
}

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('resolveRunId', () => {
  it('takes a whole id, or the start of exactly one', () => {
    const store = storeWithRuns(['3f2a91c0-aaaa', '3f2b0000-bbbb', 'c0ffee00-cccc']);
    expect(resolveRunId(store.runs, 'c0ffee00-cccc')).toBe('c0ffee00-cccc');
    expect(resolveRunId(store.runs, 'c0ffee00')).toBe('c0ffee00-cccc');
    expect(resolveRunId(store.runs, '3f2a')).toBe('3f2a91c0-aaaa');
  });

  it('refuses a prefix of several runs, listing them', () => {
    const store = storeWithRuns(['3f2a91c0-aaaa', '3f2b0000-bbbb', 'c0ffee00-cccc']);
    const message = thrown(() => resolveRunId(store.runs, '3f2'));
    expect(message).toMatch(/^"3f2" starts the ids of more than one run; give more of the id:\n/);
    expect(message).toContain('  3f2a91c0-aaaa  site  running');
    expect(message).toContain('  3f2b0000-bbbb  site  running');
    expect(message).not.toContain('c0ffee00');
  });

  it('refuses an unknown prefix, listing the newest runs; a prefix is matched literally', () => {
    const store = storeWithRuns(['3f2a91c0-aaaa']);
    const message = thrown(() => resolveRunId(store.runs, 'ffff'));
    expect(message).toMatch(/^no run has an id starting with "ffff"; the newest runs are:\n {2}3f2a91c0-aaaa {2}site/);
    expect(() => resolveRunId(store.runs, '3f2%')).toThrow(/no run has an id starting with "3f2%"/);
    expect(() => resolveRunId(tempStore().runs, 'ab')).toThrow('no run has an id starting with "ab": there are no runs yet');
  });
});

describe('pipewright logs with the run id the UI shows', () => {
  const home = mkdtempSync(join(tmpdir(), 'pw-cli-logs-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('prints the logs of the run whose id starts with those 8 characters', async () => {
    const run = await runCli(['run', join(TEMPLATES, 'hello-shell.json'), '--json'], home);
    expect(run.code, run.stderr).toBe(0);
    const runId = (jsonLines(run.stdout).at(-1) as { runId: string }).runId;
    const logs = await runCli(['logs', runId.slice(0, 8)], home);
    expect(logs, logs.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(logs.stdout).toContain('write │ Hello from Pipewright');

    const missing = await runCli(['logs', 'zzzz'], home);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run has an id starting with "zzzz"; the newest runs are:');
    expect(missing.stderr).toContain(runId);
  });
});
