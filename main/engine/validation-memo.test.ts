import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../nodes/sdk';
import { Engine } from './engine';
import { MemoryCache } from './memory-cache';
import { MAX_INNER_ISSUES } from './validation-memo';
import { node, pipeline, testRegistry } from './test-kinds.test-support';
import type { NodeRegistry } from './types';

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

describe('sub-pipelines used many times in one validation', () => {
  it('validates a pipeline used by ten nodes on each level once, not once per use', () => {
    const { registry } = testRegistry();
    let leafCompiles = 0;
    // The leaf holds the only "sleep" node: each time its kind is looked up, the leaf was compiled again.
    const counting: NodeRegistry = {
      definition: registry.definition,
      runtime: (kind) => {
        if (kind === 'sleep') leafCompiles++;
        return registry.runtime(kind);
      },
    };
    const levels = 4;
    const pipelines = new Map<string, Pipeline>();
    pipelines.set(`level${levels}`, pipeline(`level${levels}`, [node('s', 'sleep', { ms: 1 })]));
    for (let l = levels - 1; l >= 1; l--) {
      const uses = Array.from({ length: 10 }, (_, i) => node(`p${i}`, 'pipeline', { ref: `level${l + 1}` }));
      pipelines.set(`level${l}`, pipeline(`level${l}`, uses));
    }
    const top = pipeline('top', Array.from({ length: 10 }, (_, i) => node(`p${i}`, 'pipeline', { ref: 'level1' })));
    const engine = engineWith(pipelines, counting);
    expect(engine.validate(top)).toEqual([]);
    // 10⁴ uses of the leaf, one validation.
    expect(leafCompiles).toBe(1);

    // A problem deep down is still reported for every place it is used.
    pipelines.set(`level${levels}`, pipeline(`level${levels}`, [node('s', 'sleep', {})]));
    const issues = engineWith(pipelines, counting).validate(pipeline('top', [node('p0', 'pipeline', { ref: 'level3' }), node('p1', 'pipeline', { ref: 'level3' })]));
    const expected = ['p0', 'p1'].flatMap((outer) => Array.from({ length: 10 }, (_, i) => `${outer}/p${i}/s`));
    expect(issues.map((i) => i.nodeId).sort()).toEqual(expected.sort());
  });

  it('reports a broken pipeline used 10⁴ times in a bounded number of issues, counting the rest', () => {
    const pipelines = new Map<string, Pipeline>();
    pipelines.set('level4', pipeline('level4', [node('s', 'sleep', {})]));
    for (let l = 3; l >= 1; l--) {
      pipelines.set(`level${l}`, pipeline(`level${l}`, Array.from({ length: 10 }, (_, i) => node(`p${i}`, 'pipeline', { ref: `level${l + 1}` }))));
    }
    const top = pipeline('top', Array.from({ length: 10 }, (_, i) => node(`p${i}`, 'pipeline', { ref: 'level1' })));
    const issues = engineWith(pipelines).validate(top);
    // Each use of level1 reports 19 problems and a count of the other 181 (10 × (19 + 1) from level2).
    expect(issues).toHaveLength(10 * MAX_INNER_ISSUES);
    const counted = issues.filter((i) => i.code === 'more-issues');
    expect(counted).toHaveLength(10);
    expect(counted[0]).toMatchObject({ nodeId: 'p0' });
    expect(counted[0].message).toMatch(/in sub-pipeline "level1" of node "p0" \(pipeline\): …and 181 more problems: validate pipeline "level1" on its own to see them all/);
    expect(issues[0].message).toMatch(/node "s" \(sleep\): param "ms"/);
  });

  it('still finds a recursion that only one of the places a pipeline is used leads into', () => {
    const pipelines = new Map<string, Pipeline>();
    pipelines.set('shared', pipeline('shared', [node('n', 'noop')]));
    pipelines.set('loop', pipeline('loop', [node('s', 'pipeline', { ref: 'shared' }), node('back', 'pipeline', { ref: 'loop' })]));
    const top = pipeline('top', [node('a', 'pipeline', { ref: 'shared' }), node('b', 'pipeline', { ref: 'loop' })]);
    const issues = engineWith(pipelines).validate(top);
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([['recursion', 'b/back']]);
  });
});
