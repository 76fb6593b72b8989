import { describe, expect, it } from 'vitest';
import type { CallHandlers } from '../../preload/contract';
import { dispatchCall } from './dispatch';

// Only the calls a test makes need a handler; the rest of the contract is not reached.
const only = (h: Partial<CallHandlers>) => h as CallHandlers;
const handlers = only({
  'app.info': () => ({ version: '1.2.3', nodeKinds: ['text', 'shell'], home: '/tmp/pw' }),
});

describe('dispatching a call from the UI', () => {
  it('answers a declared call with what the handler returns', async () => {
    expect(await dispatchCall(handlers, 'app.info', {})).toEqual({
      ok: true,
      value: { version: '1.2.3', nodeKinds: ['text', 'shell'], home: '/tmp/pw' },
    });
  });

  it('refuses a name the contract does not declare, without running anything', async () => {
    const result = await dispatchCall(handlers, 'fs.readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(!result.ok && result.error.message).toMatch(/"fs\.readFile" is not a call declared in preload\/contract\.ts/);
  });

  it('does not mistake inherited object properties for calls', async () => {
    expect(await dispatchCall(handlers, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(await dispatchCall(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('refuses input that does not parse, before the handler runs', async () => {
    let ran = false;
    const spy = only({
      'app.info': () => {
        ran = true;
        return { version: '1', nodeKinds: [], home: '/' };
      },
    });
    const result = await dispatchCall(spy, 'app.info', 'not an object');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!result.ok && result.error.message).toMatch(/^app\.info: the request does not match the contract/);
    expect(ran).toBe(false);
  });

  it("returns the handler's error message, naming the call", async () => {
    const failing = only({
      'app.info': async () => {
        throw new Error('the database is locked by another Pipewright');
      },
    });
    const seen: unknown[] = [];
    const result = await dispatchCall(failing, 'app.info', {}, (_name, err) => seen.push(err));
    expect(result).toEqual({
      ok: false,
      error: { code: 'failed', message: 'app.info: the database is locked by another Pipewright' },
    });
    expect(seen).toHaveLength(1);
  });

  it('catches a handler that answers outside the contract', async () => {
    const wrong = { 'app.info': () => ({ version: 3 }) } as unknown as CallHandlers;
    const result = await dispatchCall(wrong, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-output' } });
    expect(!result.ok && result.error.message).toMatch(/version/);
  });
});
