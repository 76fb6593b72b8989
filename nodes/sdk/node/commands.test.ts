import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { commandRunner, OUTPUT_TAIL_BYTES } from './commands';

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** A runner without Docker in ctx: commands go to a local shell under a real pty. */
async function localRunner() {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'coder' });
  const cwd = await t.ctx.workspace();
  return { tc: t, runner: await commandRunner(t.ctx, cwd, false) };
}

describe('the output of a command the model reads', () => {
  it('is what a terminal shows: no colours, spinner frames or progress redraws, while the log keeps them', async () => {
    const { tc, runner } = await localRunner();
    expect(runner.sandboxed).toBe(false);
    const command =
      "printf '\\033]0;npm test\\007\\033[32mPASS\\033[0m src/app.test.js\\n'; " +
      "printf 'installing |\\b/\\b-\\b\\\\\\b done\\n'; " +
      "printf '\\r\\342\\240\\213 fetching\\r\\342\\240\\231 fetching\\r\\033[K3 packages\\n'";
    const result = await runner.run(command, { timeoutMs: 10_000 });
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe('PASS src/app.test.js\ninstalling  done\n3 packages\n');
    const log = tc.logs.map((l) => l.chunk).join('');
    expect(log).toContain('\x1b[32mPASS\x1b[0m');
  });

  it('keeps the end of a long output, marked as cut', async () => {
    const { runner } = await localRunner();
    const result = await runner.run('seq 1 20000', { timeoutMs: 10_000 });
    expect(result.output.startsWith('…')).toBe(true);
    expect(Buffer.byteLength(result.output.slice(1))).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES);
    expect(result.output.endsWith('\n19999\n20000\n')).toBe(true);
  });
});
