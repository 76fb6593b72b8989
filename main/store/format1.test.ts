import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT } from '../../nodes/sdk';
import { jsonLines, runCli } from '../cli/run-cli.test-support';
import { Store } from './index';
import { tempDir } from './store.test-support';

// Written by the build before format 2 (format 1, schema 4): a data folder holding one saved
// pipeline, and the template file it was imported from. Engine settings sat among the params.
const FIXTURES = join(__dirname, 'fixtures');
const FORMAT1_DB = join(FIXTURES, 'format1.db');
const FORMAT1_FILE = join(FIXTURES, 'format1-engine-settings.json');

function homeWithFormat1Db(): string {
  const home = join(tempDir(), 'home');
  mkdirSync(home, { recursive: true });
  copyFileSync(FORMAT1_DB, join(home, 'pipewright.db'));
  return home;
}

describe('documents written in format 1', () => {
  it('open from a data folder of the earlier build as format 2, engine settings beside params', () => {
    const store = Store.open(homeWithFormat1Db());
    try {
      const doc = store.pipelines.get('format1-engine-settings')!;
      expect(doc.format).toBe(FORMAT);
      const greet = doc.nodes.find((n) => n.id === 'greet')!;
      expect(greet).toMatchObject({ kind: 'text', version: 1, params: { text: 'hello' }, settings: { retries: 2, timeoutMs: 5000 } });
      expect(greet.params).not.toHaveProperty('retries');
      expect(doc.nodes.find((n) => n.id === 'echo')).toMatchObject({ version: 1, params: { command: 'cat' }, settings: { retries: 1 }, label: 'Echo' });
      expect(doc.nodes.find((n) => n.id === 'note')).toMatchObject({ kind: 'comment', version: 1, params: { text: '# kept' } });
      // Saved again, it stays as read: nothing of the earlier document is lost on the way.
      store.pipelines.save(doc);
      expect(store.pipelines.get('format1-engine-settings')).toEqual(doc);
    } finally {
      store.close();
    }
  });

  it('run from the earlier data folder and from the earlier template file, and export as format 2', async () => {
    const home = homeWithFormat1Db();
    const run = await runCli(['run', 'format1-engine-settings', '--json'], home);
    expect(run.code).toBe(0);
    const summary = jsonLines(run.stdout).at(-1) as { status: string; nodes: Record<string, { outputs: { stdout?: string } }> };
    expect(summary.status).toBe('succeeded');
    expect(summary.nodes.echo.outputs.stdout?.trim()).toBe('hello');

    const fromFile = await runCli(['run', FORMAT1_FILE, '--json'], home);
    expect(fromFile.code).toBe(0);

    const out = join(tempDir(), 'out.json');
    expect((await runCli(['export', 'format1-engine-settings', out], home)).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.format).toBe('pipewright/2');
    expect(exported.nodes.map((n: { version: number }) => n.version)).toEqual([1, 1, 1]);
    expect(exported.nodes[0].settings).toEqual({ retries: 2, timeoutMs: 5000 });
  });

  it('refuses a template of a newer format, naming the file and saying to update', async () => {
    const file = join(tempDir(), 'future.json');
    const text = readFileSync(FORMAT1_FILE, 'utf8').replace('"pipewright/1"', '"pipewright/3"');
    writeFileSync(file, text);
    const result = await runCli(['validate', file], homeWithFormat1Db());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/future\.json: format "pipewright\/3" is newer than this Pipewright understands \("pipewright\/2"\); update Pipewright/);
  });
});
