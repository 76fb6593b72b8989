import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { docEdge as edge, docNode as node } from '../store/store.test-support';
import { ArgumentError, inputSchema, runInputsFrom, toolInputs } from './tool-inputs';

/** What Anthropic's Messages API (and so Claude Code, or Continue on Claude) accepts as an argument name. */
const MODEL_API_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

const LONG = `a_${'very_'.repeat(20)}long_name`;

/** Inputs named as people name them: with spaces, accents, and at length. */
const doc: Pipeline = {
  format: FORMAT,
  id: 'named',
  name: 'Named',
  nodes: [
    node('a', 'pipeline-input', { name: 'target url', type: 'text' }),
    node('b', 'pipeline-input', { name: 'größe', type: 'json', default: 3 }),
    node('c', 'pipeline-input', { name: 'plain.name-1', type: 'text' }),
    node('d', 'pipeline-input', { name: LONG, type: 'text', default: 'x' }),
    node('out', 'pipeline-output', { name: 'url' }, 200),
  ],
  edges: [edge('e1', 'a', 'value', 'out', 'value')],
};

describe("a pipeline tool's arguments", () => {
  const inputs = toolInputs(doc);
  const keyOf = (name: string) => inputs.find((i) => i.name === name)!.key;

  it('are named so that model APIs accept the schema, keeping valid names as they are', () => {
    const schema = inputSchema(inputs);
    expect(Object.keys(schema.properties).every((k) => MODEL_API_KEY.test(k))).toBe(true);
    expect(keyOf('plain.name-1')).toBe('plain.name-1');
    expect(keyOf('target url')).toMatch(/^target_url_[0-9a-f]{8}$/);
    expect(keyOf('größe')).toMatch(/^gr__e_[0-9a-f]{8}$/);
    expect(keyOf(LONG)).toHaveLength(64);
    expect(new Set(inputs.map((i) => i.key)).size).toBe(4);
    expect(schema.required?.sort()).toEqual([keyOf('target url'), 'plain.name-1'].sort());
    // The description says which input a stand-in name stands for.
    expect(schema.properties[keyOf('target url')]).toMatchObject({ description: 'The input "target url": text' });
    expect(schema.properties[keyOf('größe')]).toMatchObject({ default: 3 });
  });

  it('come back as the inputs they stand for, and a wrong one is named as the caller knows it', () => {
    const given = { [keyOf('target url')]: 'http://example.test', 'plain.name-1': 'p', [keyOf('größe')]: { n: 1 } };
    expect(runInputsFrom(given, inputs, doc)).toEqual({ 'target url': 'http://example.test', 'plain.name-1': 'p', größe: { n: 1 } });
    // A client that sends the input's own name is understood as well.
    expect(runInputsFrom({ 'target url': 'u', 'plain.name-1': 'p' }, inputs, doc)).toEqual({ 'target url': 'u', 'plain.name-1': 'p' });

    const missing = () => runInputsFrom({ 'plain.name-1': 'p' }, inputs, doc);
    expect(missing).toThrow(ArgumentError);
    expect(missing).toThrow(`argument "${keyOf('target url')}" (the input "target url") is required`);
    expect(() => runInputsFrom({ [keyOf('target url')]: 7, 'plain.name-1': 'p' }, inputs, doc)).toThrow(
      `argument "${keyOf('target url')}" (the input "target url") takes a text value`,
    );
  });
});
