import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { FORMAT, type Edge, type NodeInstance, type Pipeline } from '../../nodes/sdk';
import { Store, type StoreOptions } from './index';

/** A fresh folder removed when the current test ends. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewright-store-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A store in a fresh folder, closed (then removed) when the current test ends. */
export function tempStore(options?: StoreOptions): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewright-store-'));
  const store = Store.open(path.join(dir, 'home'), options);
  onTestFinished(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** A valid document with `count` text nodes wired in a chain. */
export function sampleDoc(id: string, name = `Pipeline ${id}`, count = 2): Pipeline {
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i + 1}`,
    kind: 'text',
    version: 1,
    params: { text: `step ${i + 1}` },
    position: { x: i * 200, y: 0 },
  }));
  const edges = nodes.slice(1).map((n, i) => ({
    id: `e${i + 1}`,
    from: { node: nodes[i].id, port: 'text' },
    to: { node: n.id, port: 'text' },
  }));
  return { format: FORMAT, id, name, nodes, edges };
}

/** A node as a saved document holds it (its kind at version 1), at (x, 0). */
export const docNode = (id: string, kind: string, params: Record<string, unknown>, x = 0): NodeInstance => ({
  id,
  kind,
  version: 1,
  params,
  position: { x, y: 0 },
});

/** An edge from `from.fromPort` to `to.toPort`. */
export const docEdge = (id: string, from: string, fromPort: string, to: string, toPort: string): Edge => ({
  id,
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});
