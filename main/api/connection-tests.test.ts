import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInModel, type StandInModel } from '../adapters/llm/stand-in-model.test-support';
import { useApiHost } from './api-host.test-support';

// Settings' Test buttons, through the same door the UI uses, over a real host (SQLite secrets
// store in a temporary folder). The model is a stand-in: a real OpenAI-compatible HTTP server
// that answers from a script, since no model can run here.

const session = useApiHost('pw-conn-test-');
let model: StandInModel;

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  model = await startStandInModel({ models: ['stand-in-coder', 'stand-in-fast'], apiKey: 'sk-stand-in-key' });
});
afterAll(() => model.close());

describe('the endpoint Test button', () => {
  it('says how fast the stand-in model server answered and that it serves the model, sending the key from the secrets store', async () => {
    await session.call('secrets.set', { name: 'STAND_IN_KEY', value: 'sk-stand-in-key' });
    const result = await session.call('llm.testEndpoint', { baseUrl: model.url, model: 'stand-in-coder', apiKeySecret: 'STAND_IN_KEY' });
    expect(result).toMatchObject({ ok: true, summary: expect.stringMatching(/^answers in \d+ ms and serves stand-in-coder \(2 models\)$/) });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(model.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(JSON.stringify(result)).not.toContain('sk-stand-in-key');
  });

  it('says the server answers but lacks the model, naming the ones it has', async () => {
    await session.call('secrets.set', { name: 'STAND_IN_KEY', value: 'sk-stand-in-key' });
    const result = await session.call('llm.testEndpoint', { baseUrl: model.url, model: 'gpt-9', apiKeySecret: 'STAND_IN_KEY' });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/does not serve the model gpt-9; it serves: stand-in-coder, stand-in-fast/);
  });

  it('says the key was refused when the secret holds the wrong one', async () => {
    await session.call('secrets.set', { name: 'STAND_IN_KEY', value: 'sk-wrong' });
    const result = await session.call('llm.testEndpoint', { baseUrl: model.url, model: 'stand-in-coder', apiKeySecret: 'STAND_IN_KEY' });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/401/);
    expect(result.reason).toMatch(/API key secret/);
    expect(result.reason).not.toContain('sk-wrong');
  });

  it('says a secret the endpoint names is not set', async () => {
    const result = await session.call('llm.testEndpoint', { baseUrl: model.url, model: 'stand-in-coder', apiKeySecret: 'NOT_THERE' });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/needs the secret "NOT_THERE".*not set/) });
  });

  it('says in plain words that nothing answers at a closed port', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await session.call('llm.testEndpoint', { baseUrl: url, model: 'm' });
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(`${url} did not answer: could not connect (ECONNREFUSED); check that the server is running and reachable`);
  });
});

describe('the default Docker engine Test button', () => {
  it('names the engine that answered, or says why none did', async () => {
    session.host.store.settings.set('docker.host', `tcp://127.0.0.1:${await closedPort()}`);
    const down = await session.call('docker.testDefaultEngine', {});
    expect(down.ok).toBe(false);
    expect(down.reason).toMatch(/127\.0\.0\.1/);
    // This machine's own engine (the local socket) answers.
    session.host.store.settings.set('docker.host', undefined);
    const up = await session.call('docker.testDefaultEngine', {});
    expect(up).toMatchObject({ ok: true, summary: expect.stringMatching(/^Docker \S+ on .+: \d+ CPUs/) });
  });
});

describe('the router table setting', () => {
  it('is saved and read back through the settings contract, and a route without an endpoint is refused', async () => {
    const router = { routes: [{ task: 'code_generation', complexity: 'complex', use: [{ endpoint: 'big' }, { endpoint: 'small', model: 'm2' }] }] };
    await session.call('settings.set', { key: 'llm.router', value: router });
    expect((await session.call('settings.get', {}))['llm.router']).toEqual(router);
    await expect(session.call('settings.set', { key: 'llm.router', value: { routes: [{ task: 'chat', complexity: '*', use: [] }] } })).rejects.toThrow(
      /a route names at least one endpoint/,
    );
  });
});
