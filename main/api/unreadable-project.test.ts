import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../preload/contract';
import { openSqlite } from '../adapters/db/sqlite';
import { runCli } from '../cli/run-cli.test-support';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi, type Api } from './index';

// A real host (SQLite in a temporary folder) whose project row is damaged behind its back.

let home: string;
let host: Host;
let api: Api;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-unreadable-'));
  host = openHost({ home });
  api = createApi({ host, emit: () => {} });
});

afterEach(async () => {
  await api.close();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

/** Calls through the same door the transports use; a refusal throws its message. */
async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<any> {
  const result = await dispatchCall(api.handlers, name, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const DEEP = `{"format":"pipewright/2","id":"ID","name":"Mine","edges":[],"nodes":[{"id":"n1","kind":"text","position":{"x":0,"y":0},"params":{"text":"keep me","x":${'['.repeat(1000)}${']'.repeat(1000)}}}]}`;

describe('a project whose document cannot be read', () => {
  it('is still listed, exported as stored and deleted; opening it says what to do', async () => {
    const created = await call('projects.create', { name: 'Mine' });
    const id: string = created.mainPipelineId;
    const stored = DEEP.replace('ID', id);
    const db = openSqlite(host.store.file);
    db.prepare('UPDATE pipelines SET doc = ? WHERE id = ?').run(stored, id);
    db.close();

    expect((await call('projects.list', {})).map((p: { id: string }) => p.id)).toEqual([created.id]);
    await expect(call('pipeline.open', { id })).rejects.toThrow(
      new RegExp(`pipeline "${id}" in .* cannot be opened: node "n1": param "x\\.0\\.0\\.0\\.0… \\(64 levels\\)" is nested more than 64 levels deep.*export it as stored, or delete it`),
    );

    const exported = await call('templates.export', { pipelineId: id });
    // Byte for byte what was stored, so nothing the person wrote is lost.
    expect(exported.text).toBe(`${stored}\n`);
    expect(exported.text).toContain('keep me');

    expect(await call('projects.delete', { id: created.id })).toEqual({ deleted: true });
    expect(await call('projects.list', {})).toEqual([]);
  });

  it('exports from the command line as stored, with a warning, and deletes', async () => {
    const created = await call('projects.create', { name: 'Mine' });
    const id: string = created.mainPipelineId;
    const stored = DEEP.replace('ID', id);
    const db = openSqlite(host.store.file);
    db.prepare('UPDATE pipelines SET doc = ? WHERE id = ?').run(stored, id);
    db.close();
    host.close();
    host = openHost({ home });

    const file = join(home, 'out.json');
    const result = await runCli(['export', id, file], home);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/cannot be opened by this build .*exported as it is stored/);
    expect(readFileSync(file, 'utf8')).toBe(stored);
  });
});
