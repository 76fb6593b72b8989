import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../../nodes/sdk';
import { Engine } from './engine';
import { ValidationError } from './errors';
import { MemoryCache } from './memory-cache';
import { edge, node, pipeline, testEngine, testRegistry, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

function codes(issues: { code: string }[]): string[] {
  return issues.map((i) => i.code).sort();
}

describe('Engine.validate', () => {
  it('accepts a sound pipeline', () => {
    t = testEngine();
    const doc = pipeline('ok', [node('a', 'noop'), node('b', 'noop')], [edge('a.out', 'b.a')]);
    expect(t.engine.validate(doc)).toEqual([]);
  });

  it('says where retries and timeout belong when a document puts them among params', () => {
    t = testEngine();
    const doc = pipeline('p', [node('s', 'sleep', { ms: 1, retries: 2, timeoutMs: 10 })]);
    const issues = t.engine.validate(doc);
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['engine-setting-in-params', 'retries'],
      ['engine-setting-in-params', 'timeoutMs'],
    ]);
    expect(issues[0].message).toMatch(/node "s".*"retries" is an engine setting, not a param of kind "sleep"; move it to the node's "settings"/);
    expect(t.engine.validate(pipeline('p', [node('s', 'sleep', { ms: 1 }, { settings: { retries: 2, timeoutMs: 10 } })]))).toEqual([]);
  });

  it('reports every problem at once, each naming its node', () => {
    t = testEngine();
    const doc = pipeline(
      'bad',
      [
        node('a', 'noop', {}, { label: 'Start' }),
        node('a', 'noop'),
        node('ghost', 'no-such-kind'),
        node('s', 'sleep', { ms: 'soon', n: 'x' }),
        node('r', 'read'),
        node('w', 'echo'),
      ],
      [edge('a.out', 'nowhere.a', 'e-missing-node'), edge('a.nope', 'w.in', 'e-missing-port')],
    );
    const issues = t.engine.validate(doc);
    expect(codes(issues)).toEqual([
      'duplicate-node-id',
      'invalid-param',
      'invalid-param',
      'missing-input',
      'missing-node',
      'missing-port',
      'unknown-kind',
    ]);
    const by = (code: string) => issues.filter((i) => i.code === code);
    expect(by('duplicate-node-id')[0].message).toContain('node "a" (noop)');
    expect(by('unknown-kind')[0]).toMatchObject({ nodeId: 'ghost' });
    expect(by('unknown-kind')[0].message).toContain('unknown node kind "no-such-kind"');
    expect(by('invalid-param').map((i) => i.field).sort()).toEqual(['ms', 'n']);
    expect(by('invalid-param')[0].message).toMatch(/node "s" \(sleep\): param "(ms|n)"/);
    expect(by('missing-input')[0]).toMatchObject({ nodeId: 'r', field: 'ws' });
    expect(by('missing-input')[0].message).toContain('input "ws" (workspace) needs an edge');
    expect(by('missing-node')[0]).toMatchObject({ edgeId: 'e-missing-node' });
    expect(by('missing-node')[0].message).toContain('there is no node "nowhere"');
    expect(by('missing-port')[0].message).toContain('node "a" ("Start", noop) has no output "nope"');
  });

  it('lets a disabled node leave a required input unconnected', () => {
    t = testEngine();
    const doc = pipeline('d', [node('r', 'read', {}, { disabled: true })]);
    expect(t.engine.validate(doc)).toEqual([]);
  });

  it('refuses incompatible port types, naming both', () => {
    t = testEngine();
    const doc = pipeline('types', [node('t', 'echo'), node('r', 'read')], [edge('t.text', 'r.ws', 'e1')]);
    const issues = t.engine.validate(doc);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue).toMatchObject({ code: 'incompatible-ports', edgeId: 'e1', nodeId: 'r' });
    expect(issue.message).toContain('is text');
    expect(issue.message).toContain('takes workspace');
  });

  it('refuses two edges into one input', () => {
    t = testEngine();
    const doc = pipeline(
      'twice',
      [node('a', 'noop'), node('b', 'noop'), node('c', 'noop')],
      [edge('a.out', 'c.a', 'e1'), edge('b.out', 'c.a', 'e2')],
    );
    const issues = t.engine.validate(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'duplicate-input-edge', edgeId: 'e2', nodeId: 'c' });
    expect(issues[0].message).toContain('input "a" of node "c" (noop) already has an edge');
  });

  it('names the nodes of each cycle in order', () => {
    t = testEngine();
    const doc = pipeline(
      'loops',
      [node('x', 'noop'), node('a', 'noop'), node('b', 'noop'), node('c', 'noop'), node('after', 'noop'), node('self', 'noop')],
      [
        edge('x.out', 'a.a'),
        edge('a.out', 'b.a'),
        edge('b.out', 'c.a'),
        edge('c.out', 'a.b'),
        edge('c.out', 'after.a'),
        edge('self.out', 'self.a'),
      ],
    );
    const issues = t.engine.validate(doc);
    expect(codes(issues)).toEqual(['cycle', 'cycle']);
    const messages = issues.map((i) => i.message).join('\n');
    expect(messages).toContain('cycle: a → b → c → a');
    expect(messages).toContain('cycle: self → self');
    expect(issues.find((i) => i.message.includes('a → b'))!.message).toContain('node "a" (noop)');
  });

  it('finds a cycle through 250,000 nodes without overflowing the stack, and names its start and length, not every node', () => {
    t = testEngine();
    const n = 250_000;
    const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`, 'noop'));
    const edges = nodes.slice(1).map((_, i) => edge(`n${i}.out`, `n${i + 1}.a`));
    edges.push(edge(`n${n - 1}.out`, 'n0.a'));
    const issues = t.engine.validate(pipeline('long', nodes, edges));
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toBe(
      'node "n0" (noop) waits on itself, cycle: n0 → n1 → n2 → n3 → n4 → n5 → n6 → n7 → n8 → n9 → n10 → n11 → … (249988 more) → n0; remove one of these edges',
    );
  });

  it('names 150,000 separate cycles without overflowing the stack', () => {
    t = testEngine();
    const n = 300_000;
    const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`, 'noop'));
    // n0 ⇄ n1, n2 ⇄ n3, …: each pair waits on itself.
    const edges = nodes.map((_, i) => edge(`n${i}.out`, `n${i % 2 === 0 ? i + 1 : i - 1}.a`));
    const issues = t.engine.validate(pipeline('pairs', nodes, edges));
    expect(issues).toHaveLength(n / 2);
    expect(issues[0].message).toBe('node "n0" (noop) waits on itself, cycle: n0 → n1 → n0; remove one of these edges');
  });

  it('refuses two pipeline outputs with one name', () => {
    t = testEngine();
    const doc = pipeline(
      'outs',
      [node('a', 'noop'), node('o1', 'pipeline-output', { name: 'result' }), node('o2', 'pipeline-output', { name: 'result' })],
      [edge('a.out', 'o1.value'), edge('a.out', 'o2.value')],
    );
    const [issue] = t.engine.validate(doc);
    expect(issue).toMatchObject({ code: 'duplicate-output-name', nodeId: 'o2', field: 'name' });
  });

  it('reports a sub-pipeline that cannot be loaded', () => {
    t = testEngine();
    const doc = pipeline('outer', [node('p', 'pipeline', { ref: 'missing-one' })]);
    const [issue] = t.engine.validate(doc);
    expect(issue).toMatchObject({ code: 'subpipeline-unavailable', nodeId: 'p', field: 'ref' });
    expect(issue.message).toContain('node "p" (pipeline): cannot load pipeline "missing-one"');
  });

  it('reports problems inside sub-pipelines at any depth, under nested node ids', () => {
    t = testEngine();
    t.pipelines.set('inner', pipeline('inner', [node('broken', 'sleep', {})]));
    t.pipelines.set('middle', pipeline('middle', [node('in', 'pipeline', { ref: 'inner' })]));
    const doc = pipeline('outer', [node('mid', 'pipeline', { ref: 'middle' })]);
    const [issue] = t.engine.validate(doc);
    expect(issue).toMatchObject({ code: 'invalid-param', nodeId: 'mid/in/broken', field: 'ms' });
    expect(issue.message).toContain('in sub-pipeline "middle" of node "mid" (pipeline)');
    expect(issue.message).toContain('in sub-pipeline "inner" of node "in" (pipeline)');
    expect(issue.message).toContain('node "broken" (sleep): param "ms"');
  });

  it('refuses recursion, naming the chain of pipelines', () => {
    t = testEngine();
    t.pipelines.set('inner', pipeline('inner', [node('back', 'pipeline', { ref: 'outer' })]));
    const outer = pipeline('outer', [node('down', 'pipeline', { ref: 'inner' })]);
    t.pipelines.set('outer', outer);
    const issues = t.engine.validate(outer);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'recursion', nodeId: 'down/back' });
    expect(issues[0].message).toContain('recursion: outer → inner → outer');
    expect(issues[0].message).toContain('node "back" (pipeline)');

    const selfish = pipeline('selfish', [node('me', 'pipeline', { ref: 'selfish' })]);
    t.pipelines.set('selfish', selfish);
    expect(t.engine.validate(selfish)[0].message).toContain('recursion: selfish → selfish');
  });

  it('checks edges against the ports a sub-pipeline declares', () => {
    t = testEngine();
    t.pipelines.set(
      'needs-ws',
      pipeline('needs-ws', [node('i', 'pipeline-input', { name: 'src', type: 'workspace' })]),
    );
    const doc = pipeline('outer', [node('t', 'echo'), node('p', 'pipeline', { ref: 'needs-ws' })], [edge('t.text', 'p.src', 'e')]);
    const [issue] = t.engine.validate(doc);
    expect(issue.code).toBe('incompatible-ports');
    expect(issue.message).toContain('takes workspace');
  });

  it('reports a kind without a runtime and ports that cannot be worked out', () => {
    const pickyPorts = defineNode({
      kind: 'picky',
      version: 1,
      title: 'Picky',
      category: 'Test',
      description: 'Its ports come from a param that may be nonsense.',
      icon: '?',
      inputs: [],
      outputs: [],
      params: z.object({ spec: z.string() }),
      resolvePorts: (params) => {
        throw new Error(`"${params.spec}" is not a port list`);
      },
    });
    const { registry } = testRegistry();
    const engine = new Engine({
      registry: {
        definition: (k) => (k === 'picky' ? pickyPorts : registry.definition(k)),
        runtime: (k) => (k === 'echo' ? undefined : registry.runtime(k === 'picky' ? 'noop' : k)),
      },
      cache: new MemoryCache(),
      pty: { run: () => Promise.reject(new Error('unused')) },
      workspaceRoot: '/nonexistent',
      loadPipeline: () => {
        throw new Error('unused');
      },
    });
    const issues = engine.validate(pipeline('x', [node('e', 'echo'), node('p', 'picky', { spec: 'a,b' })]));
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([
      ['no-runtime', 'e'],
      ['ports-unresolved', 'p'],
    ]);
    expect(issues[0].message).toContain('kind "echo" cannot run in this build');
    expect(issues[1].message).toContain('node "p" (picky): cannot work out its ports: "a,b" is not a port list');
  });

  it('run throws ValidationError with the issues, and for a scope naming no node', () => {
    t = testEngine();
    const bad = pipeline('bad', [node('g', 'ghost-kind')]);
    expect(() => t.engine.run(bad, { projectId: 'p' })).toThrow(ValidationError);
    try {
      t.engine.run(bad, { projectId: 'p' });
    } catch (err) {
      expect((err as ValidationError).issues[0].code).toBe('unknown-kind');
      expect((err as Error).message).toContain('unknown node kind "ghost-kind"');
    }
    const good = pipeline('good', [node('a', 'noop')]);
    expect(() => t.engine.run(good, { projectId: 'p', scope: { kind: 'upTo', nodeId: 'zz' } })).toThrow(
      /cannot run up to node "zz": the pipeline "good" has no node with that id/,
    );
  });
});
