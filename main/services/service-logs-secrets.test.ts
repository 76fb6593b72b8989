import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi, dispatchCall, type Api } from '../api';
import { runCli } from '../cli/run-cli.test-support';
import { openHost, type Host } from '../host';

// A real host (SQLite in a temporary folder) and a real local process started as a service,
// which prints a stored secret's value, as a model server handed a token may do.

const TOKEN = 'hf_localServiceToken0123456789';

let home: string;
let host: Host;
let api: Api;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-service-logs-'));
  host = openHost({ home });
  api = createApi({ host, emit: () => {} });
  host.store.secrets.set('HF_TOKEN', TOKEN);
});

afterEach(async () => {
  for (const s of await host.localServices.list()) await host.localServices.stop(s.name);
  await api.close();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

describe('what a service printed', () => {
  it('shows a stored secret value by its name, in the app and from the command line', async () => {
    const scope = { projectId: 'p', nodeId: 'model', runId: 'r', signal: new AbortController().signal, log: () => undefined };
    await host.localServices.scoped(scope).start({
      name: 'local-p-model',
      command: `echo "starting with token ${TOKEN}"; exec sleep 60`,
      cwd: home,
      url: 'http://127.0.0.1:5',
      keep: true,
    });
    // The log file on disk is the process's own; what Pipewright shows of it is redacted.
    await vi.waitFor(() => expect(host.localServices.logs('local-p-model', 5)).toContain(TOKEN));

    const shown = await dispatchCall(api.handlers, 'services.logs', { id: 'local-p-model', tail: 5 });
    expect(shown).toEqual({ ok: true, value: { text: expect.stringContaining('starting with token [secret HF_TOKEN]') } });
    expect(JSON.stringify(shown)).not.toContain(TOKEN);

    const cli = await runCli(['services', 'logs', 'local-p-model', '--tail', '5'], home);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('starting with token [secret HF_TOKEN]');
    expect(cli.stdout + cli.stderr).not.toContain(TOKEN);
  });
});
