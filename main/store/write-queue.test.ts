import { describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import type { EngineEvent } from '../engine/events';
import { tempStore } from './store.test-support';

const log = (chunk: string): EngineEvent => ({ type: 'node-log', runId: 'r', nodeId: 'n', stream: 'stdout', chunk, at: 1 });

describe('when batched writes fail', () => {
  it('keeps the writes and saves them once the database accepts them again', () => {
    const errors: string[] = [];
    const store = tempStore({ onError: (e) => errors.push(e.message) });
    const record = store.runs.recorder();
    const other = openSqlite(store.file);
    other.exec('ALTER TABLE logs RENAME TO logs_away');

    record(log('one'));
    record(log('two'));
    expect(() => store.runs.flush()).toThrow(/could not save run records \(.*logs.*\); they are kept and tried again/);
    // The engine is never thrown at: a finishing run reports the failure instead.
    record({ type: 'run-finished', runId: 'r', status: 'succeeded', outputs: {}, at: 2 });
    expect(errors).toHaveLength(1);

    other.exec('ALTER TABLE logs_away RENAME TO logs');
    other.close();
    store.runs.flush();
    expect(store.runs.logs('r').map((l) => l.chunk)).toEqual(['one', 'two']);
  });

  it('drops them after repeated failures so later writes are not held back', () => {
    const store = tempStore({ onError: () => {} });
    const record = store.runs.recorder();
    const other = openSqlite(store.file);
    other.exec('ALTER TABLE logs RENAME TO logs_away');
    record(log('lost'));
    expect(() => store.runs.flush()).toThrow(/tried again/);
    expect(() => store.runs.flush()).toThrow(/tried again/);
    expect(() => store.runs.flush()).toThrow(/1 pending writes were dropped after 3 attempts: check the disk/);
    other.exec('ALTER TABLE logs_away RENAME TO logs');
    other.close();

    record(log('kept'));
    store.runs.flush();
    expect(store.runs.logs('r').map((l) => l.chunk)).toEqual(['kept']);
  });
});
