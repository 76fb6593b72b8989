import { describe, expect, it } from 'vitest';
import { FORMAT, type NodeInstance, type Pipeline } from '../../nodes/sdk';
import { confirmationReasons } from './confirmation';

const node = (id: string, kind: string, params: Record<string, unknown>): NodeInstance => ({ id, kind, version: 1, params, position: { x: 0, y: 0 } });
const doc = (id: string, nodes: NodeInstance[], edges: Pipeline['edges'] = []): Pipeline => ({ format: FORMAT, id, name: id, nodes, edges });
const none = { loadPipeline: (ref: string): Pipeline => { throw new Error(`no pipeline ${ref}`); }, routerMayBeHosted: false };

describe('confirmationReasons', () => {
  it('names a shell step, which runs unsandboxed', () => {
    const reasons = confirmationReasons(doc('p', [node('build', 'shell', { command: 'make' })]), none);
    expect(reasons).toEqual([expect.stringMatching(/\(build\).*without a sandbox/)]);
  });

  it('names a model endpoint on another machine as spending money, not one on this machine', () => {
    const hosted = confirmationReasons(doc('p', [node('gpt', 'llm-endpoint', { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1' })]), none);
    expect(hosted).toEqual([expect.stringMatching(/\(gpt\): calls the hosted model at api\.openai\.com, which may cost money/)]);
    const local = confirmationReasons(doc('p', [node('llama', 'llm-endpoint', { baseUrl: 'http://localhost:11434/v1', model: 'qwen' })]), none);
    expect(local).toEqual([]);
  });

  it('counts a model the router picks only when the settings name a hosted endpoint', () => {
    const gen = doc('p', [node('t', 'text', { text: 'an API' }), node('gen', 'code-generator', { mode: 'single-shot' })], [
      { id: 'e', from: { node: 't', port: 'text' }, to: { node: 'gen', port: 'blueprint' } },
    ]);
    expect(confirmationReasons(gen, none)).toEqual([]);
    expect(confirmationReasons(gen, { ...none, routerMayBeHosted: true })).toEqual([expect.stringMatching(/\(gen\): may call a hosted model the endpoint router picks/)]);
  });

  it('looks inside sub-pipelines, and says so when one cannot be read', () => {
    const inner = doc('inner', [node('rm', 'shell', { command: 'rm -rf build' })]);
    const outer = doc('outer', [node('sub', 'pipeline', { ref: 'inner' }), node('gone', 'pipeline', { ref: 'missing' })]);
    const reasons = confirmationReasons(outer, { ...none, loadPipeline: (ref) => (ref === 'inner' ? inner : none.loadPipeline(ref)) });
    expect(reasons).toEqual([
      expect.stringMatching(/^sub → .*\(rm\).*without a sandbox/),
      expect.stringMatching(/^gone: runs "missing", which cannot be read/),
    ]);
  });

  it('finds nothing in a pipeline of inputs, text and outputs', () => {
    expect(confirmationReasons(doc('p', [node('t', 'text', { text: 'hi' }), node('o', 'pipeline-output', { name: 'o' })]), none)).toEqual([]);
  });
});
