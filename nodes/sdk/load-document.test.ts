import { describe, expect, it } from 'vitest';
import { FORMAT } from './document';
import { DocumentError, loadDocument, parseDocumentText, type FormatMigration } from './load-document';

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
    expect(() => loadDocument({ ...minimal, format: 'pipewright/2' }, 'my.json')).toThrow(
      /my\.json: format "pipewright\/2" is newer than this Pipewright understands.*update Pipewright/,
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
    const doc = loadDocument(old, 'old.json', migrations);
    expect(doc.format).toBe(FORMAT);
    expect(doc.edges).toEqual([{ id: 'e0', from: { node: 'a', port: 'text' }, to: { node: 'b', port: 'input' } }]);
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
