import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { useGraph } from './graph';
import { readHistory, type UndoStacks } from './undo-history';

// Undo and redo through the graph store's own actions, in long seeded sequences: after every
// undo and redo the document must be exactly what it was at that point, comments, groups,
// sizes and order included, also after a reload from the stored history.

const start: Pipeline = {
  format: FORMAT,
  id: 'undo',
  name: 'Undo',
  nodes: [
    { id: 'greeting', kind: 'text', params: { text: 'hi' }, position: { x: 0, y: 0 } },
    { id: 'write', kind: 'shell', params: { command: 'cat' }, position: { x: 320, y: 0 } },
    { id: 'note', kind: 'comment', params: { text: 'why' }, position: { x: 0, y: 300 } },
  ],
  edges: [],
};

const graph = () => useGraph.getState();

/** A small deterministic random source, so a failing sequence can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/** The history as main would hand it back after a reload: each patch as JSON text. */
function stored({ past, future }: UndoStacks) {
  const text = (s: UndoStacks['past'][number]) => ({ step: s.step, patch: JSON.stringify(s.patch) });
  return { past: past.map(text), future: future.map(text) };
}

function edit(r: ReturnType<typeof random>): void {
  const nodes = graph().nodes;
  const any = () => r.pick(nodes).id;
  const ofType = (type: string) => nodes.filter((n) => n.type === type);
  const pos = () => ({ x: r.int(2000), y: r.int(1000) });
  switch (r.int(11)) {
    case 0:
      graph().addNode(r.pick(['text', 'shell']), pos());
      break;
    case 1:
      graph().addAnnotation(r.pick(['comment', 'group'] as const), pos(), undefined, `words ${r.int(100)}`);
      break;
    case 2: {
      const texts = ofType('step').filter((n) => n.data.kind === 'text');
      const shells = ofType('step').filter((n) => n.data.kind === 'shell');
      if (texts.length && shells.length) {
        graph().connect({ source: r.pick(texts).id, sourceHandle: 'text', target: r.pick(shells).id, targetHandle: 'input' });
      }
      break;
    }
    case 3: {
      const target = r.pick(nodes);
      const key = target.data.kind === 'shell' ? 'command' : target.data.kind === 'group' ? 'title' : 'text';
      // Typing: several keys into one field make one undo step.
      for (let i = 0; i < 1 + r.int(3); i++) graph().updateParams(target.id, { ...target.data.params, [key]: `v${r.int(1000)}` }, key);
      break;
    }
    case 4: {
      const notes = [...ofType('comment'), ...ofType('group')];
      if (notes.length) graph().updateAnnotation(r.pick(notes).id, `typed ${r.int(100)}`);
      break;
    }
    case 5: {
      const id = any();
      const to = pos();
      graph().onNodesChange([{ type: 'position', id, position: { x: to.x / 2, y: to.y / 2 }, dragging: true }]);
      graph().onNodesChange([{ type: 'position', id, position: to, dragging: true }]);
      graph().onNodesChange([{ type: 'position', id, position: to, dragging: false }]);
      break;
    }
    case 6: {
      const notes = [...ofType('comment'), ...ofType('group')];
      if (!notes.length) break;
      const id = r.pick(notes).id;
      const size = { width: 200 + r.int(400), height: 100 + r.int(300) };
      graph().onNodesChange([{ type: 'dimensions', id, dimensions: size, resizing: true, setAttributes: true }]);
      graph().onNodesChange([{ type: 'dimensions', id, dimensions: size, resizing: false, setAttributes: true }]);
      break;
    }
    case 7:
      graph().selectOnly(any());
      graph().deleteSelected();
      break;
    case 8: {
      graph().selectOnly(any());
      const clip = graph().copySelection();
      if (clip) graph().paste(clip);
      break;
    }
    case 9:
      graph().selectOnly(any());
      graph().groupSelection();
      break;
    default:
      graph().updateNode(any(), { label: `label ${r.int(10)}`, disabled: r.int(2) === 1 });
  }
}

describe('undo and redo through the graph store', () => {
  beforeEach(() => graph().load({ doc: start, projectId: 'undo' }));

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`restores every state exactly, across reloads (sequence ${seed})`, () => {
      const r = random(seed);
      // The model: documents reachable by undo, and by redo.
      const done: Pipeline[] = [graph().document()];
      let undone: Pipeline[] = [];
      for (let i = 0; i < 80; i++) {
        const roll = r.int(10);
        if (roll === 0 && done.length > 1) {
          graph().undo();
          undone.unshift(done.pop()!);
          expect(graph().document()).toEqual(done.at(-1));
        } else if (roll === 1 && undone.length) {
          graph().redo();
          done.push(undone.shift()!);
          expect(graph().document()).toEqual(done.at(-1));
        } else if (roll === 2) {
          // A reload: the document and the history as stored, nothing else.
          const doc = graph().document();
          graph().load({ doc, projectId: 'undo' }, readHistory(stored(graph())));
          expect(graph().document()).toEqual(doc);
        } else {
          const before = graph().past.at(-1);
          const length = graph().past.length;
          edit(r);
          const top = graph().past.at(-1);
          if (graph().past.length > length) {
            done.push(graph().document());
            undone = [];
          } else if (graph().past.length < length) {
            // Typing brought a field back to what it was: its step is gone.
            done.pop();
            expect(graph().document()).toEqual(done.at(-1));
          } else if (top !== before) {
            // The same step, amended by more typing in the same field.
            done[done.length - 1] = graph().document();
          } else {
            expect(graph().document()).toEqual(done.at(-1));
          }
        }
        expect(graph().past).toHaveLength(done.length - 1);
        expect(graph().future).toHaveLength(undone.length);
      }
      // All the way back, then all the way forward.
      while (done.length > 1) {
        graph().undo();
        undone.unshift(done.pop()!);
        expect(graph().document()).toEqual(done.at(-1));
      }
      expect(graph().document()).toEqual(start);
      while (undone.length) {
        graph().redo();
        done.push(undone.shift()!);
        expect(graph().document()).toEqual(done.at(-1));
      }
    });
  }
});
