import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../nodes/sdk';
import { Engine } from './engine';
import { MemoryCache } from './memory-cache';
import { MAX_PARAM_BYTES, MAX_PARAM_DEPTH } from './param-limits';
import { edge, node, pipeline, testRegistry } from './test-kinds.test-support';
import type { NodeRegistry } from './types';

/** A value nested `depth` levels (`{ a: { a: … } }`), built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function engineWith(pipelines: Map<string, Pipeline>, registry: NodeRegistry = testRegistry().registry): Engine {
  return new Engine({
    registry,
    cache: new MemoryCache(),
    pty: { run: () => Promise.reject(new Error('no pty in these tests')) } as never,
    workspaceRoot: '/nonexistent',
    loadPipeline: (ref) => {
      const doc = pipelines.get(ref);
      if (!doc) throw new Error(`pipeline "${ref}" not found`);
      return doc;
    },
  });
}

describe('document limits at validation', () => {
  it('refuses params nested deeper than the limit, naming the node and the field path, at any depth without overflowing', () => {
    const engine = engineWith(new Map());
    for (const depth of [1_000, 5_000, 200_000]) {
      const doc = pipeline('deep', [node('ok', 'noop'), node('in', 'pipeline-input', { name: 'x', default: nested(depth) })]);
      const issues = engine.validate(doc);
      const issue = issues.find((i) => i.code === 'param-limit');
      expect(issue, `depth ${depth}`).toMatchObject({ nodeId: 'in', field: 'default' });
      expect(issue!.message).toMatch(new RegExp(`node "in": param "default\\.a\\.a\\.a\\.a… \\(${MAX_PARAM_DEPTH} levels\\)" is nested more than ${MAX_PARAM_DEPTH} levels deep`));
    }
    // At the limit it is accepted.
    const fine = pipeline('fine', [node('in', 'pipeline-input', { name: 'x', default: nested(MAX_PARAM_DEPTH - 1) })]);
    expect(engine.validate(fine)).toEqual([]);
  });

  it('refuses params larger than the limit, naming the node and the size', () => {
    const engine = engineWith(new Map());
    const big = 'x'.repeat(MAX_PARAM_BYTES + 10);
    const issues = engine.validate(pipeline('big', [node('in', 'pipeline-input', { name: 'x', default: big })]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ nodeId: 'in', code: 'param-limit' });
    expect(issues[0].message).toMatch(/node "in": its params hold 1\.0 MiB of JSON, more than the 1 MiB a node may keep/);
  });

  it('names duplicate edge ids and duplicate pipeline input and output names', () => {
    const engine = engineWith(new Map());
    const doc = pipeline(
      'dups',
      [node('a', 'noop'), node('b', 'noop'), node('c', 'noop'), node('i1', 'pipeline-input', { name: 'topic' }), node('i2', 'pipeline-input', { name: 'topic' })],
      [edge('a.out', 'b.a', 'e1'), edge('a.out', 'c.a', 'e1')],
      {
        inputs: [
          { name: 'topic', type: 'text' },
          { name: 'topic', type: 'json' },
        ],
        outputs: [
          { name: 'site', type: 'text' },
          { name: 'site', type: 'text' },
        ],
      },
    );
    const issues = engine.validate(doc);
    expect(issues.filter((i) => i.code === 'duplicate-edge-id')).toEqual([
      expect.objectContaining({ edgeId: 'e1', message: expect.stringMatching(/edge "e1" \(a\.out → c\.a\): another edge already has the id "e1"/) }),
    ]);
    const ports = issues.filter((i) => i.code === 'duplicate-port-name').map((i) => i.message);
    expect(ports).toEqual([
      expect.stringMatching(/input "topic" is declared twice in inputs/),
      expect.stringMatching(/output "site" is declared twice in outputs/),
      expect.stringMatching(/node "i2": pipeline input "topic" is also given by node "i1"/),
    ]);
  });
});
