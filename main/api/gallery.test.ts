import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionsByKind } from '../../nodes/definitions';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import type { GalleryEntry } from '../../preload/contract';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { graphSketch } from './graph-sketch';
import { createApi, type Api } from './index';
import { bundledFiles, readBundled, templatesDir } from './templates';

// The gallery as the start page gets it, from the real bundled templates (resources/templates).

describe('the gallery of bundled templates', () => {
  let home: string;
  let host: Host;
  let api: Api;
  let gallery: GalleryEntry[];
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'pw-gallery-'));
    host = openHost({ home });
    api = createApi({ host, emit: () => undefined });
    const result = await dispatchCall(api.handlers, 'templates.gallery', {});
    if (!result.ok) throw new Error(result.error.message);
    gallery = result.value as GalleryEntry[];
  });
  afterAll(async () => {
    await api.close();
    host.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists every bundled file, at least eight, none skipped as broken; the starters first', () => {
    expect(gallery.map((t) => t.file).sort()).toEqual(bundledFiles(templatesDir()));
    expect(gallery.length).toBeGreaterThanOrEqual(8);
    expect(gallery.slice(0, 2).map((t) => t.file)).toEqual(['hello-shell.json', 'offline-node-api.json']);
    expect(gallery.slice(2).some((t) => t.tags.includes('starter'))).toBe(false);
  });

  it('gives each a name, a description of a sentence or more, and tags', () => {
    for (const t of gallery) {
      expect(t.name, t.file).not.toBe('');
      expect(t.description?.length ?? 0, `${t.file} needs a description`).toBeGreaterThan(60);
      expect(t.tags.length, `${t.file} needs tags`).toBeGreaterThan(0);
      for (const tag of t.tags) expect(tag, t.file).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('covers the seed set: offline factory, the same with a model, vLLM + LiteLLM + VS Code, Ollama on CPU, a meta-pipeline, the agent team, IaC with PostgreSQL, Ask', () => {
    const kindsOf = (file: string) => new Set(readBundled(templatesDir(), file).nodes.map((n) => n.kind));
    const has = (...kinds: string[]) => gallery.filter((t) => kinds.every((k) => kindsOf(t.file).has(k))).map((t) => t.file);
    expect(has('code-generator', 'shell', 'git-repo', 'build-deploy').some((f) => !kindsOf(f).has('llm-endpoint'))).toBe(true);
    expect(has('llm-endpoint', 'code-generator', 'git-repo', 'build-deploy')).not.toEqual([]);
    expect(has('vllm-server', 'litellm-router', 'vscode-workspace')).not.toEqual([]);
    expect(has('ollama-server', 'code-generator')).not.toEqual([]);
    expect(has('pipeline')).not.toEqual([]);
    expect(has('software-team')).not.toEqual([]);
    expect(has('iac', 'compose-deploy')).not.toEqual([]);
    expect(gallery.filter((t) => t.tags.includes('ask'))).not.toEqual([]);
  });

  it('draws each thumbnail from its graph: a box per step where it sits, a line per edge between steps', () => {
    for (const t of gallery) {
      const doc = readBundled(templatesDir(), t.file);
      const steps = doc.nodes.filter((n) => !definitionsByKind.get(n.kind)?.annotation);
      expect(t.sketch.nodes.map((b) => [b.x, b.y]), t.file).toEqual(steps.map((n) => [n.position.x, n.position.y]));
      expect(t.sketch.nodes.map((b) => b.category)).toEqual(steps.map((n) => definitionsByKind.get(n.kind)!.category));
      expect(t.sketch.edges, t.file).toHaveLength(doc.edges.length);
      const [x, y, w, h] = t.sketch.viewBox;
      for (const b of t.sketch.nodes) {
        expect(b.x >= x && b.y >= y && b.x + b.w <= x + w && b.y + b.h <= y + h, `${t.file}: a box outside the picture`).toBe(true);
      }
    }
  });
});

describe('graphSketch', () => {
  const doc: Pipeline = {
    format: FORMAT,
    id: 'sketch',
    name: 'Sketch',
    nodes: [
      { id: 'a', kind: 'text', params: {}, position: { x: 0, y: 0 } },
      { id: 'b', kind: 'shell', params: {}, position: { x: 400, y: 100 } },
      { id: 'note', kind: 'comment', params: {}, position: { x: 2000, y: 2000 } },
    ],
    edges: [{ id: 'e', from: { node: 'a', port: 'text' }, to: { node: 'b', port: 'input' } }],
  };
  const category = (kind: string) => (kind === 'comment' ? undefined : 'Basics');

  it('joins the right side of the source to the left side of the target, and frames the steps only', () => {
    const sketch = graphSketch(doc, category);
    expect(sketch.nodes).toEqual([
      { x: 0, y: 0, w: 240, h: 90, category: 'Basics' },
      { x: 400, y: 100, w: 240, h: 90, category: 'Basics' },
    ]);
    expect(sketch.edges).toEqual([{ x1: 240, y1: 45, x2: 400, y2: 145 }]);
    expect(sketch.viewBox).toEqual([-40, -40, 720, 270]);
  });

  it('gives an empty graph an empty picture', () => {
    expect(graphSketch({ ...doc, nodes: [], edges: [] }, category)).toEqual({ viewBox: [0, 0, 240, 90], nodes: [], edges: [] });
  });
});
