import { join } from 'node:path';
import { NodeError, type RunContext } from '../../sdk';
import type { CodeServerInstall } from './local-install';
import { lastLines } from '../../sdk/node/terminal-text';
import type { Prepared } from './prepare';

const ERROR_LINES = 40;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Installs the extensions into the server's own extensions folder before it starts: ids from
 * Open VSX (code-server's marketplace), .vsix files from this machine.
 */
export async function installExtensions(ctx: RunContext, install: CodeServerInstall, prepared: Prepared, dirs: { home: string; data: string; extensions: string }): Promise<void> {
  if (!prepared.extensions.length) return;
  const args = prepared.extensions.flatMap((e) => ['--install-extension', e.vsix ?? e.spec]);
  const argv = [...install.command, '--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions, '--force', ...args];
  ctx.log(`installing ${prepared.extensions.map((e) => e.spec).join(', ')} (Open VSX for ids, the file for .vsix paths)\n`, 'info');
  let output = '';
  const result = await ctx.pty.run({
    command: argv.map(shellQuote).join(' '),
    cwd: prepared.workspace,
    env: { HOME: dirs.home, XDG_CONFIG_HOME: join(dirs.home, '.config'), XDG_DATA_HOME: join(dirs.home, '.local', 'share') },
    signal: ctx.signal,
    onData: (chunk) => {
      output += chunk;
      ctx.log(chunk, 'stdout');
    },
  });
  // Some code-server releases exit 0 after a failed install; their message says so.
  const failed = /Failed Installing Extensions|Error while installing/i.test(output);
  if (result.exitCode !== 0 || failed) {
    throw new NodeError(
      `installing the extensions ${prepared.extensions.map((e) => e.spec).join(', ')} failed: check the ids on open-vsx.org and that this machine reaches it; where it cannot, list .vsix files in param "extensions" (one named for the assistant, such as continue-1.2.3.vsix, replaces its download)`,
      lastLines(output, ERROR_LINES) || undefined,
    );
  }
}

