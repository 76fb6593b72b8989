import { describe, expect, it } from 'vitest';
import { FORMAT } from './document';
import { DocumentError, loadDocument, parseDocumentText, type FormatMigration, type KindCatalog } from './load-document';

const minimal = {
  format: FORMAT,
  id: 'hello',
  name: 'Hello',
  nodes: [{ id: 'a', kind: 'text', params: { text: 'hi' }, position: { x: 0, y: 0 } }],
  edges: [],
};

describe('loadDocument', () => {
  it('accepts a current document and keeps its fields', () => {
    const doc = loadDocument(minimal);
    expect(doc.nodes[0]).toEqual(minimal.nodes[0]);
  });

  it('refuses a newer format and says to update', () => {
    expect(() => loadDocument({ ...minimal, format: 'pipewright/3' }, 'my.json')).toThrow(
      /my\.json: format "pipewright\/3" is newer than this Pipewright understands.*update Pipewright/,
    );
  });

  it('refuses a document with no format or an unknown one', () => {
    expect(() => loadDocument({ ...minimal, format: undefined }, 'x.json')).toThrow(/x\.json: missing "format"/);
    expect(() => loadDocument({ ...minimal, format: 'n8n' }, 'x.json')).toThrow(/unknown format "n8n"/);
  });

  it('runs migrations step by step from an older format', () => {
    // A step a future release would register for an older format.
    const migrations: FormatMigration[] = [
      {
        from: 'pipewright/0',
        to: FORMAT,
        migrate: (d) => ({
          ...d,
          edges: (d.links as { from: string; to: string }[]).map((l, i) => ({
            id: `e${i}`,
            from: { node: l.from.split('.')[0], port: l.from.split('.')[1] },
            to: { node: l.to.split('.')[0], port: l.to.split('.')[1] },
          })),
          links: undefined,
        }),
      },
    ];
    const old = { ...minimal, format: 'pipewright/0', edges: undefined, links: [{ from: 'a.text', to: 'b.input' }] };
    const doc = loadDocument(old, 'old.json', undefined, migrations);
    expect(doc.format).toBe(FORMAT);
    expect(doc.edges).toEqual([{ id: 'e0', from: { node: 'a', port: 'text' }, to: { node: 'b', port: 'input' } }]);
  });

  it('moves format 1 engine settings out of params and records version 1 on every node', () => {
    const old = {
      format: 'pipewright/1',
      id: 'old',
      name: 'Old',
      nodes: [
        { id: 'a', kind: 'shell', params: { command: 'true', retries: 2, timeoutMs: 5000 }, position: { x: 0, y: 0 } },
        // A router's own "retries" was overridden by the engine's in format 1: it stays the engine's.
        { id: 'r', kind: 'litellm-router', params: { retries: 3 }, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'text', params: { text: 'plain' }, position: { x: 0, y: 0 } },
      ],
      edges: [],
    };
    const doc = loadDocument(old, 'old.json');
    expect(doc.format).toBe('pipewright/2');
    expect(doc.nodes[0]).toMatchObject({ version: 1, params: { command: 'true' }, settings: { retries: 2, timeoutMs: 5000 } });
    expect(doc.nodes[0].params).not.toHaveProperty('retries');
    expect(doc.nodes[1]).toMatchObject({ params: {}, settings: { retries: 3 } });
    expect(doc.nodes[2]).toEqual({ id: 'b', kind: 'text', version: 1, params: { text: 'plain' }, position: { x: 0, y: 0 } });
  });

  describe('kind versions', () => {
    // A kind at version 3 whose params were renamed twice.
    const kinds: KindCatalog = new Map([
      [
        'greeter',
        {
          version: 3,
          migrations: {
            1: (p: Record<string, unknown>) => ({ greeting: p.text }),
            2: (p: Record<string, unknown>) => ({ message: p.greeting, loud: false }),
          },
        },
      ],
      ['stale', { version: 2 }],
    ]);
    const doc = (node: Record<string, unknown>) => ({ ...minimal, nodes: [{ id: 'g', kind: 'greeter', position: { x: 0, y: 0 }, ...node }] });

    it('runs each migration from the version a node records to the current one', () => {
      const loaded = loadDocument(doc({ version: 1, params: { text: 'hi' } }), 'g.json', kinds);
      expect(loaded.nodes[0]).toMatchObject({ version: 3, params: { message: 'hi', loud: false } });
      const fromTwo = loadDocument(doc({ version: 2, params: { greeting: 'yo' } }), 'g.json', kinds);
      expect(fromTwo.nodes[0]).toMatchObject({ version: 3, params: { message: 'yo', loud: false } });
    });

    it("records the kind's current version on a node that has none, and leaves current nodes as they are", () => {
      expect(loadDocument(doc({ params: { message: 'x' } }), 'g.json', kinds).nodes[0]).toMatchObject({ version: 3, params: { message: 'x' } });
      const current = doc({ version: 3, params: { message: 'x', loud: true } });
      expect(loadDocument(current, 'g.json', kinds).nodes[0]).toEqual(current.nodes[0]);
    });

    it('refuses a node written for a newer version of its kind, and a missing migration, naming the node', () => {
      expect(() => loadDocument(doc({ version: 4, params: {} }), 'g.json', kinds)).toThrow(
        /g\.json: node "g" was written for version 4 of kind "greeter", newer than this Pipewright's \(3\)/,
      );
      const stale = { ...minimal, nodes: [{ id: 's', kind: 'stale', version: 1, params: {}, position: { x: 0, y: 0 } }] };
      expect(() => loadDocument(stale, 's.json', kinds)).toThrow(/node "s": kind "stale" has no migration from version 1 to 2/);
    });

    it('leaves nodes of unknown kinds for validation to report', () => {
      const unknown = { ...minimal, nodes: [{ id: 'u', kind: 'nope', params: { a: 1 }, position: { x: 0, y: 0 } }] };
      expect(loadDocument(unknown, 'u.json', kinds).nodes[0]).toEqual(unknown.nodes[0]);
    });
  });

  it('names every invalid field with its path', () => {
    try {
      loadDocument({ ...minimal, nodes: [{ id: 'a', kind: 'text', params: {}, position: { x: 'left' } }] }, 'bad.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DocumentError);
      expect((err as DocumentError).issues.join('\n')).toMatch(/nodes\.0\.position\.x/);
      expect((err as DocumentError).issues.join('\n')).toMatch(/nodes\.0\.position\.y/);
    }
  });

  it('reports invalid JSON with the file name', () => {
    expect(() => parseDocumentText('{"format": ', 'broken.json')).toThrow(/broken\.json: invalid JSON/);
  });
});
