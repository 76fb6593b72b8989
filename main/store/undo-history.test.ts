import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { openDatabase } from './database';
import { Store } from './index';
import { MIGRATIONS } from './migrations';
import { sampleDoc, tempDir, tempStore } from './store.test-support';
import { UndoHistoryStore, type UndoHistoryChange } from './undo-history';

const step = (n: number, text = `patch ${n}`) => ({ step: n, patch: JSON.stringify({ text }) });

/** A store with one saved pipeline `p` in project `proj`. */
function withPipeline() {
  const store = tempStore();
  store.projects.create({ id: 'proj', name: 'Shop' });
  const main = store.projects.get('proj')!.mainPipelineId;
  store.pipelines.save(sampleDoc(main), 'proj');
  return { store, id: main };
}

describe('store.undoHistory', () => {
  it('appends steps, moves the cursor on undo and redo, and keeps them across a restart', () => {
    const { store, id } = withPipeline();
    expect(store.undoHistory.get(id)).toEqual({ past: [], future: [] });
    store.undoHistory.write(id, { first: 0, last: 0, cursor: 0, put: [step(0)] });
    store.undoHistory.write(id, { first: 0, last: 1, cursor: 1, put: [step(1)] });
    store.undoHistory.write(id, { first: 0, last: 2, cursor: 2, put: [step(2)] });
    expect(store.undoHistory.get(id)).toEqual({ past: [step(0), step(1), step(2)], future: [] });

    // Two undos: nothing is sent but where the cursor is.
    store.undoHistory.write(id, { first: 0, last: 2, cursor: 0, put: [] });
    expect(store.undoHistory.get(id)).toEqual({ past: [step(0)], future: [step(1), step(2)] });
    store.undoHistory.write(id, { first: 0, last: 2, cursor: 1, put: [] });
    expect(store.undoHistory.get(id)).toEqual({ past: [step(0), step(1)], future: [step(2)] });

    // A new edit after an undo takes the next place and the undone steps beyond it go.
    store.undoHistory.write(id, { first: 0, last: 2, cursor: 2, put: [step(2, 'another edit')] });
    expect(store.undoHistory.get(id)).toEqual({ past: [step(0), step(1), step(2, 'another edit')], future: [] });
    store.undoHistory.write(id, { first: 0, last: 1, cursor: 0, put: [] });
    store.undoHistory.write(id, { first: 0, last: 1, cursor: 1, put: [step(1, 'third')] });
    expect(store.undoHistory.get(id)).toEqual({ past: [step(0), step(1, 'third')], future: [] });

    const file = store.file;
    store.close();
    const reopened = Store.openFile(file);
    try {
      expect(reopened.undoHistory.get(id)).toEqual({ past: [step(0), step(1, 'third')], future: [] });
    } finally {
      reopened.close();
    }
  });

  it('writes one row for a new step and one for an undo, however long the history', () => {
    const { store, id } = withPipeline();
    const db = openSqlite(store.file);
    try {
      const history = new UndoHistoryStore(db);
      const changes = db.prepare<{ n: number }>('SELECT total_changes() AS n');
      const rowsWritten = (write: () => void) => {
        const before = changes.get()!.n;
        write();
        return changes.get()!.n - before;
      };
      for (let n = 0; n < 100; n++) history.write(id, { first: 0, last: n, cursor: n, put: [step(n)] });
      expect(rowsWritten(() => history.write(id, { first: 0, last: 100, cursor: 100, put: [step(100)] }))).toBe(1);
      expect(rowsWritten(() => history.write(id, { first: 0, last: 100, cursor: 99, put: [] }))).toBe(1);
      // The renderer trimmed its oldest step and made a new one: one row goes, one comes.
      expect(rowsWritten(() => history.write(id, { first: 1, last: 100, cursor: 100, put: [step(100, 'again')] }))).toBe(2);
      expect(history.get(id).past).toHaveLength(100);
    } finally {
      db.close();
    }
  });

  it('drops the steps trimmed in the renderer without rewriting the others', () => {
    const { store, id } = withPipeline();
    for (let n = 0; n < 5; n++) store.undoHistory.write(id, { first: 0, last: n, cursor: n, put: [step(n)] });
    store.undoHistory.write(id, { first: 3, last: 5, cursor: 5, put: [step(5)] });
    expect(store.undoHistory.get(id).past.map((s) => s.step)).toEqual([3, 4, 5]);
    store.undoHistory.write(id, { first: 0, last: -1, cursor: -1, put: [] });
    expect(store.undoHistory.get(id)).toEqual({ past: [], future: [] });
  });

  it('keeps a history within its step and byte limits: oldest done steps first, then the furthest undone', () => {
    const { store, id } = withPipeline();
    const db = openSqlite(store.file);
    try {
      const small = new UndoHistoryStore(db, { steps: 4, bytes: 1000 });
      for (let n = 0; n < 6; n++) small.write(id, { first: 0, last: n, cursor: n, put: [step(n)] });
      expect(small.get(id).past.map((s) => s.step)).toEqual([2, 3, 4, 5]);

      // Undo three of them, then a big edit takes the place of the first undone one: the oldest
      // done step goes to make room.
      small.write(id, { first: 2, last: 5, cursor: 2, put: [] });
      expect(small.get(id)).toEqual({ past: [step(2)], future: [step(3), step(4), step(5)] });
      const big = { step: 3, patch: JSON.stringify({ text: 'x'.repeat(980) }) };
      small.write(id, { first: 2, last: 3, cursor: 3, put: [big] } satisfies UndoHistoryChange);
      expect(small.get(id)).toEqual({ past: [big], future: [] });

      // Under a tighter budget (a later build), when no done step is left the furthest undone go.
      const wide = new UndoHistoryStore(db, { steps: 10, bytes: 10_000 });
      const part = (n: number) => ({ step: n, patch: JSON.stringify({ text: String(n).repeat(390) }) });
      wide.write(id, { first: 0, last: 2, cursor: 0, put: [part(0), part(1), part(2)] });
      const tight = new UndoHistoryStore(db, { steps: 10, bytes: 500 });
      tight.write(id, { first: 0, last: 2, cursor: 0, put: [] });
      expect(tight.get(id)).toEqual({ past: [], future: [part(1)] });

      // A step bigger than the whole budget is not kept at all.
      small.write(id, { first: 0, last: 0, cursor: 0, put: [{ step: 0, patch: 'y'.repeat(2000) }] });
      expect(small.get(id)).toEqual({ past: [], future: [] });
    } finally {
      db.close();
    }
  });

  it('counts bytes, not characters', () => {
    const { store, id } = withPipeline();
    const db = openSqlite(store.file);
    try {
      const small = new UndoHistoryStore(db, { steps: 10, bytes: 600 });
      // 200 characters of three bytes each: 600 bytes plus the JSON around them.
      small.write(id, { first: 0, last: 0, cursor: 0, put: [{ step: 0, patch: JSON.stringify('€'.repeat(200)) }] });
      expect(small.get(id)).toEqual({ past: [], future: [] });
    } finally {
      db.close();
    }
  });

  it('deletes a history with its pipeline and with its project', () => {
    const { store, id } = withPipeline();
    const extra = sampleDoc('extra');
    store.pipelines.save(extra, 'proj');
    store.undoHistory.write(id, { first: 0, last: 0, cursor: 0, put: [step(0)] });
    store.undoHistory.write('extra', { first: 0, last: 1, cursor: 0, put: [step(0), step(1)] });
    const rows = () => store.undoHistory.get(id).past.length + store.undoHistory.get('extra').past.length + store.undoHistory.get('extra').future.length;
    expect(rows()).toBe(3);

    store.pipelines.delete('extra');
    expect(store.undoHistory.get('extra')).toEqual({ past: [], future: [] });
    expect(rows()).toBe(1);
    store.projects.delete('proj');
    expect(store.undoHistory.get(id)).toEqual({ past: [], future: [] });
  });

  it('refuses a history for a pipeline that was never saved, naming it', () => {
    const store = tempStore();
    expect(() => store.undoHistory.write('ghost', { first: 0, last: 0, cursor: 0, put: [step(0)] })).toThrow(
      /no pipeline "ghost" to keep an undo history for: save the pipeline first/,
    );
  });
});

describe('the undo history migration', () => {
  it('takes histories of earlier builds out of the settings table, leaving other settings', () => {
    const file = path.join(tempDir(), 'pipewright.db');
    const before = MIGRATIONS.filter((m) => m.version < 5);
    const old = openDatabase(file, { migrations: before });
    const setting = old.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const snapshots = JSON.stringify({ past: [JSON.stringify({ nodes: [], edges: [] })], future: [] });
    setting.run('pipeline.history:p1', snapshots);
    setting.run('pipeline.history:p2', snapshots);
    setting.run('pipeline.review:p1', '{}');
    setting.run('ui.theme', '"dark"');
    old.close();

    const store = Store.openFile(file);
    try {
      expect(Object.keys(store.settings.all())).toEqual(['pipeline.review:p1', 'ui.theme']);
      expect(store.undoHistory.get('p1')).toEqual({ past: [], future: [] });
    } finally {
      store.close();
    }
  });
});
