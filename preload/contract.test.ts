import { describe, expect, it } from 'vitest';
import { FORMAT } from '../nodes/sdk';
import { contract, isCallName, isEventName, SettingChangeSchema, WsClientMessageSchema } from './contract';

const doc = { format: FORMAT, id: 'p', name: 'P', nodes: [], edges: [] };

describe('the contract', () => {
  it('names calls area.verb and knows only what it declares', () => {
    for (const name of Object.keys(contract.calls)) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(isCallName('projects.list')).toBe(true);
    expect(isCallName('toString')).toBe(false);
    expect(isEventName('run.event')).toBe(true);
    expect(isEventName('__proto__')).toBe(false);
  });

  it('refuses a project without a name and trims the one given', () => {
    const input = contract.calls['projects.create'].input;
    expect(input.safeParse({ name: '   ' }).success).toBe(false);
    expect(input.parse({ name: '  Shop  ' })).toEqual({ name: 'Shop' });
  });

  it('checks a saved pipeline against the document schema', () => {
    const input = contract.calls['pipeline.save'].input;
    expect(input.safeParse({ doc, projectId: 'p' }).success).toBe(true);
    const bad = input.safeParse({ doc: { ...doc, format: 'n8n' }, projectId: 'p' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['doc', 'format']);
  });

  it('defaults a run to the whole pipeline and checks its scope', () => {
    const input = contract.calls['runs.start'].input;
    expect(input.parse({ projectId: 'p', doc })).toMatchObject({ scope: { kind: 'all' }, inputs: {} });
    expect(input.safeParse({ projectId: 'p', doc, scope: { kind: 'from' } }).success).toBe(false);
    expect(input.safeParse({ projectId: 'p', doc, scope: { kind: 'everything' } }).success).toBe(false);
  });

  it('accepts only known settings, each with the shape of its key', () => {
    expect(SettingChangeSchema.safeParse({ key: 'ui.theme', value: 'dark' }).success).toBe(true);
    expect(SettingChangeSchema.safeParse({ key: 'ui.theme' }).success).toBe(true);
    const wrong = SettingChangeSchema.safeParse({ key: 'ui.theme', value: 'pink' });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0].message).toMatch(/^ui\.theme: /);
    expect(SettingChangeSchema.safeParse({ key: 'secrets.OPENAI', value: 'sk-…' }).success).toBe(false);
    expect(
      SettingChangeSchema.safeParse({ key: 'llm.endpoints', value: { local: { baseUrl: 'not a url', model: 'x' } } }).success,
    ).toBe(false);
    expect(
      SettingChangeSchema.safeParse({ key: 'llm.endpoints', value: { local: { baseUrl: 'http://localhost:11434/v1', model: 'qwen' } } })
        .success,
    ).toBe(true);
  });

  it('takes secret values in but has no call that gives them out', () => {
    expect(contract.calls['secrets.set'].input.safeParse({ name: 'OPENAI_API_KEY', value: 'sk-1' }).success).toBe(true);
    expect(contract.calls['secrets.set'].input.safeParse({ name: '../etc', value: 'x' }).success).toBe(false);
    const list = contract.calls['secrets.list'].output.parse({ available: true, names: ['A'], values: { A: 'leak' } });
    expect(list).toEqual({ available: true, names: ['A'] });
  });

  it('checks engine events on arrival', () => {
    const event = contract.events['run.event'];
    expect(event.safeParse({ type: 'node-log', runId: 'r', nodeId: 'a', stream: 'stdout', chunk: 'x', at: 1 }).success).toBe(true);
    expect(event.safeParse({ type: 'node-log', runId: 'r', nodeId: 'a', stream: 'tty', chunk: 'x', at: 1 }).success).toBe(false);
    expect(event.safeParse({ type: 'node-exploded', runId: 'r' }).success).toBe(false);
  });

  it('accepts only call messages on the WebSocket', () => {
    expect(WsClientMessageSchema.safeParse({ type: 'call', id: 1, name: 'projects.list', input: {} }).success).toBe(true);
    expect(WsClientMessageSchema.safeParse({ type: 'call', id: -1, name: 'x' }).success).toBe(false);
    expect(WsClientMessageSchema.safeParse({ type: 'event', name: 'run.event' }).success).toBe(false);
  });
});
