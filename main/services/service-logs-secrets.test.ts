import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchCall } from '../api';
import { useApiHost } from '../api/api-host.test-support';
import { runCli } from '../cli/run-cli.test-support';

// A real host (SQLite in a temporary folder) and a real local process started as a service,
// which prints a stored secret's value, as a model server handed a token may do.

const TOKEN = 'hf_localServiceToken0123456789';

const t = useApiHost('pw-service-logs-');

beforeEach(() => {
  t.host.store.secrets.set('HF_TOKEN', TOKEN);
});

// Registered after the host's own hooks, so it runs before the host closes.
afterEach(async () => {
  for (const s of await t.host.localServices.list()) await t.host.localServices.stop(s.name);
});

describe('what a service printed', () => {
  it('shows a stored secret value by its name, in the app and from the command line', async () => {
    const scope = { projectId: 'p', nodeId: 'model', runId: 'r', signal: new AbortController().signal, log: () => undefined };
    await t.host.localServices.scoped(scope).start({
      name: 'local-p-model',
      command: `echo "starting with token ${TOKEN}"; exec sleep 60`,
      cwd: t.home,
      url: 'http://127.0.0.1:5',
      keep: true,
    });
    // The log file on disk is the process's own; what Pipewright shows of it is redacted.
    await vi.waitFor(() => expect(t.host.localServices.logs('local-p-model', 5)).toContain(TOKEN));

    const shown = await dispatchCall(t.api.handlers, 'services.logs', { id: 'local-p-model', tail: 5 });
    expect(shown).toEqual({ ok: true, value: { text: expect.stringContaining('starting with token [secret HF_TOKEN]') } });
    expect(JSON.stringify(shown)).not.toContain(TOKEN);

    const cli = await runCli(['services', 'logs', 'local-p-model', '--tail', '5'], t.home);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('starting with token [secret HF_TOKEN]');
    expect(cli.stdout + cli.stderr).not.toContain(TOKEN);
  });
});
