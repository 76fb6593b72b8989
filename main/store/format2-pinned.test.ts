import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitionsByKind } from '../../nodes/definitions';
import { DocumentError, EngineSettingsSchema, loadDocument, NodeInstanceSchema, PipelineSchema } from '../../nodes/sdk';
import { jsonLines, runCli } from '../cli/run-cli.test-support';
import { Store } from './index';
import { tempDir } from './store.test-support';

// A document written once pins existed: settings.pinned beside retries on the first node.
const FILE = join(__dirname, 'fixtures', 'format2-pinned.json');
const raw = () => JSON.parse(readFileSync(FILE, 'utf8'));

describe('a pipewright/2 document with pinned outputs', () => {
  it('loads with its pin, and is saved and read back unchanged', () => {
    const doc = loadDocument(raw(), FILE, definitionsByKind);
    expect(doc.nodes[0].settings).toEqual({ retries: 1, pinned: { outputs: { text: 'pinned hello' }, at: 1796223600000, runId: '0b8e5f62-3a4c-4d1e-9f5a-2c7d8e9f0a1b' } });
    const store = Store.open(tempDir());
    try {
      store.pipelines.importDocument(doc);
      expect(store.pipelines.get('format2-pinned')).toEqual(doc);
    } finally {
      store.close();
    }
  });

  it('loads cleanly where settings knew no pins (the schema before them): the node simply runs', () => {
    // The schema as it was before pins: the same objects, without the field.
    const before = PipelineSchema.extend({
      nodes: z.array(NodeInstanceSchema.extend({ settings: EngineSettingsSchema.omit({ pinned: true }).optional() })),
    });
    const parsed = before.parse(raw());
    expect(parsed.nodes[0].settings).toEqual({ retries: 1 });
    expect(parsed.nodes[1]).toMatchObject({ id: 'echo', label: 'Echo', params: { command: 'cat' } });
  });

  it('runs from the file with the pinned value handed downstream, the log saying so', async () => {
    const run = await runCli(['run', FILE, '--json'], tempDir());
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout) as { type?: string; nodeId?: string; chunk?: string; status?: string; nodes?: Record<string, { outputs: { stdout?: string } }> }[];
    const summary = lines.at(-1)!;
    expect(summary.status).toBe('succeeded');
    expect(summary.nodes!.echo.outputs.stdout).toContain('pinned hello');
    expect(lines.some((l) => l.type === 'node-log' && l.nodeId === 'greet' && /used pinned outputs/.test(l.chunk ?? ''))).toBe(true);
  });

  it('exports through the command line without its pin, or with it when asked (--include-pins)', async () => {
    const home = tempDir();
    expect((await runCli(['import', FILE], home)).code).toBe(0);
    const plain = join(tempDir(), 'plain.json');
    const pinned = join(tempDir(), 'pinned.json');
    expect((await runCli(['export', 'format2-pinned', plain], home)).code).toBe(0);
    expect((await runCli(['export', 'format2-pinned', pinned, '--include-pins'], home)).code).toBe(0);
    expect(JSON.parse(readFileSync(plain, 'utf8')).nodes[0].settings).toEqual({ retries: 1 });
    expect(JSON.parse(readFileSync(pinned, 'utf8')).nodes[0].settings).toEqual(raw().nodes[0].settings);
  });

  it('refuses a malformed pin, naming the field', () => {
    const bad = raw();
    bad.nodes[0].settings.pinned = { outputs: 'not an object' };
    expect(() => loadDocument(bad, 'bad.json', definitionsByKind)).toThrow(DocumentError);
    expect(() => loadDocument(bad, 'bad.json', definitionsByKind)).toThrow(/bad\.json: not a valid pipeline document[\s\S]*nodes\.0\.settings\.pinned\.outputs/);
  });
});
