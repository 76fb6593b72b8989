import { describe, expect, it, onTestFinished } from 'vitest';
import type { EngineEvent } from '../engine/events';
import { Store } from './index';
import { redactEvents } from './redacted-events';
import { SecretMatcher } from './secret-matcher';
import { tempStore } from './store.test-support';

const KEY = 'sk-live-0123456789abcdef';

const log = (chunk: string, nodeId = 'n1', stream: 'stdout' | 'stderr' = 'stdout'): EngineEvent => ({
  type: 'node-log',
  runId: 'r1',
  nodeId,
  stream,
  chunk,
  at: 1,
});

function pipe(matcher: SecretMatcher) {
  const out: EngineEvent[] = [];
  const send = redactEvents({ matcher: () => matcher }, (e) => out.push(e));
  const text = (nodeId = 'n1') => out.flatMap((e) => (e.type === 'node-log' && e.nodeId === nodeId ? [e.chunk] : [])).join('');
  return { out, send, text };
}

describe('redacting a run event stream', () => {
  it('hides a value split across chunks in every place, and shows everything else unchanged', () => {
    const { send, text } = pipe(new SecretMatcher([['API_KEY', KEY]]));
    for (let i = 0; i < KEY.length; i += 3) send(log(i === 0 ? `key=${KEY.slice(i, i + 3)}` : KEY.slice(i, i + 3)));
    send(log(' and sk- is not a key'));
    send({ type: 'node-finished', runId: 'r1', nodeId: 'n1', kind: 'shell', status: 'succeeded', durationMs: 1, at: 2 });
    expect(text()).toBe('key=[secret API_KEY] and sk- is not a key');
  });

  it('holds back a possible start of a value only until the node finishes, then shows it', () => {
    const { out, send, text } = pipe(new SecretMatcher([['API_KEY', KEY]]));
    send(log('ends with sk-li'));
    expect(text()).toBe('ends with ');
    send({ type: 'node-finished', runId: 'r1', nodeId: 'n1', kind: 'shell', status: 'failed', error: `bad ${KEY}`, durationMs: 1, at: 2 });
    expect(text()).toBe('ends with sk-li');
    expect(out.at(-1)).toMatchObject({ type: 'node-finished', error: 'bad [secret API_KEY]' });
  });

  it('keeps the streams of different nodes apart', () => {
    const { send, text } = pipe(new SecretMatcher([['API_KEY', KEY]]));
    send(log('a: sk-live-', 'a'));
    send(log(`b: ${KEY.slice(0, 10)}`, 'b'));
    send(log('0123456789abcdef', 'a'));
    send(log('nothing more', 'b'));
    send({ type: 'run-finished', runId: 'r1', status: 'succeeded', outputs: { leaked: [KEY] }, at: 3 });
    expect(text('a')).toBe('a: [secret API_KEY]');
    expect(text('b')).toBe(`b: ${KEY.slice(0, 10)}nothing more`);
  });

  it('redacts outputs of finished nodes and runs', () => {
    const { out, send } = pipe(new SecretMatcher([['API_KEY', KEY]]));
    send({ type: 'node-finished', runId: 'r1', nodeId: 'n1', kind: 'shell', status: 'succeeded', outputs: { stdout: `x ${KEY} y`, n: 3 }, durationMs: 1, at: 2 });
    send({ type: 'run-finished', runId: 'r1', status: 'succeeded', outputs: { list: [{ v: KEY }] }, at: 3 });
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out[0]).toMatchObject({ outputs: { stdout: 'x [secret API_KEY] y', n: 3 } });
  });
});

describe('the secret matcher', () => {
  it('replaces the longer of two overlapping values whole, and leaves values under four characters alone', () => {
    const m = new SecretMatcher([
      ['SHORT', 'abc'],
      ['TOKEN', 'tok-123'],
      ['LONG', 'tok-123-extended'],
    ]);
    expect(m.redact('abc tok-123 tok-123-extended')).toBe('abc [secret TOKEN] [secret LONG]');
  });

  it('catches a value with characters that mean something in a pattern, split anywhere', () => {
    const value = 'p@ss.w*rd(1)+[x]$';
    for (let cut = 1; cut < value.length; cut++) {
      const { send, text } = pipe(new SecretMatcher([['DB_PASSWORD', value]]));
      send(log(`pw=${value.slice(0, cut)}`));
      send(log(`${value.slice(cut)}.`));
      send({ type: 'run-finished', runId: 'r1', status: 'succeeded', outputs: {}, at: 3 });
      expect(text()).toBe('pw=[secret DB_PASSWORD].');
    }
  });

  it('is rebuilt from the store when a secret is set or removed, not for every chunk', () => {
    const store = tempStore();
    const empty = store.secrets.matcher();
    expect(empty.redact(`x ${KEY}`)).toBe(`x ${KEY}`);
    store.secrets.set('API_KEY', KEY);
    const built = store.secrets.matcher();
    expect(built.redact(`x ${KEY}`)).toBe('x [secret API_KEY]');
    expect(store.secrets.matcher()).toBe(built);
    store.secrets.delete('API_KEY');
    expect(store.secrets.matcher().redact(KEY)).toBe(KEY);
  });

  it('sees a secret another process set in the same database', () => {
    const store = tempStore();
    const before = store.secrets.matcher(1_000);
    // A second connection to the same file, as another Pipewright process would open.
    const other = Store.openFile(store.file);
    onTestFinished(() => other.close());
    other.secrets.set('OTHER_KEY', KEY);
    // Trusted for a moment, then checked against the table again.
    expect(store.secrets.matcher(1_100)).toBe(before);
    expect(store.secrets.matcher(2_000).redact(KEY)).toBe('[secret OTHER_KEY]');
  });
});
