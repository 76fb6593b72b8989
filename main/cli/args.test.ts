import { describe, expect, it } from 'vitest';
import { main } from '../cli';
import { UsageError, flag, intFlag, parseCommand, subcommandOf, wantsHelp, type OptionTable } from './args';
import type { Io } from './io';

const RUN: OptionTable = { input: 'values', concurrency: 'value', resume: 'flag', json: 'flag' };

/** What parseCommand refuses, as the one line the CLI prints. */
function refusal(argv: string[], table: OptionTable = RUN, command = 'run'): string {
  try {
    parseCommand(argv, command, table);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  return 'accepted';
}

describe('parseCommand', () => {
  it('splits positionals, valued options (both spellings, repeatable) and flags', () => {
    const a = parseCommand(['x.json', '--input', 'a=1', '--input=b=2', '--json', '--concurrency', '8'], 'run', RUN);
    expect(a.positionals).toEqual(['x.json']);
    expect(a.flags.get('input')).toEqual(['a=1', 'b=2']);
    expect(a.flags.has('json')).toBe(true);
    expect(a.flags.has('resume')).toBe(false);
    expect(intFlag(a, 'concurrency', 1)).toBe(8);
  });

  it('never lets a flag take the next argument as its value', () => {
    const a = parseCommand(['--resume', 'x.json', '--json'], 'run', RUN);
    expect(a.positionals).toEqual(['x.json']);
    expect(a.flags.has('resume')).toBe(true);
    const rm = parseCommand(['rm', 'OLD_KEY', '--yes'], 'secret rm', { yes: 'flag' });
    expect(rm.positionals).toEqual(['rm', 'OLD_KEY']);
    expect(rm.flags.has('yes')).toBe(true);
  });

  it('names the option a command does not take, and lists those it does', () => {
    expect(refusal(['x.json', '--concurency', '4'])).toBe(
      'unknown option --concurency for "run": it takes --input, --concurrency, --resume, --json (see pipewright help)',
    );
    expect(refusal(['x.json', '-v'])).toMatch(/^unknown option -v for "run"/);
    expect(refusal(['X', '--json'], {}, 'secret rm')).toBe('unknown option --json for "secret rm": it takes no options (see pipewright help)');
  });

  it('says which option lacks its value, and which flag was given one', () => {
    expect(refusal(['x.json', '--concurrency'])).toBe('--concurrency needs a value');
    expect(refusal(['x.json', '--json=yes'])).toBe('--json is a flag and takes no value');
    expect(refusal(['x.json', '--input', '--json'])).toBe('--input needs a value; for one that starts with a dash write --input=--json');
    expect(parseCommand(['x.json', '--input=note=--json'], 'run', RUN).flags.get('input')).toEqual(['note=--json']);
  });

  it('takes everything after -- as positionals', () => {
    expect(parseCommand(['--', '--json', '-x'], 'run', RUN).positionals).toEqual(['--json', '-x']);
    expect(wantsHelp(['x', '--', '--help'])).toBe(false);
    expect(wantsHelp(['x', '-h'])).toBe(true);
  });

  it('reads numbers and sub-commands', () => {
    expect(() => intFlag(parseCommand(['--concurrency', 'x'], 'run', RUN), 'concurrency', 1)).toThrow(
      /--concurrency must be a whole number ≥ 1, got "x"/,
    );
    expect(flag(parseCommand(['--concurrency', '2', '--concurrency', '3'], 'run', RUN), 'concurrency')).toBe('3');
    expect(subcommandOf(['logs', 'app', '--tail', '5'])).toBe('logs');
    expect(subcommandOf(['--project', 'p'])).toBeUndefined();
  });
});

describe('the CLI on a usage mistake', () => {
  async function cli(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) } };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  }

  it('exits 2 naming the bad option, before anything is opened or run', async () => {
    expect(await cli(['run', '-v', 'hello.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pipewright: unknown option -v for "run": it takes --input, --concurrency, --node, --up-to, --from, --resume, --fail-fast, --verbose, --json (see pipewright help)\n',
    });
    expect((await cli(['services', 'logs', 'app', '--project', 'p'])).stderr).toBe(
      'pipewright: unknown option --project for "services logs": it takes --tail (see pipewright help)\n',
    );
    expect(await cli(['list', '--json=1'])).toMatchObject({ code: 2, stderr: 'pipewright: --json is a flag and takes no value\n' });
    expect(await cli(['serve', '--port'])).toMatchObject({ code: 2, stderr: 'pipewright: --port needs a value\n' });
    expect(await cli(['--json', 'list'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --json for "pipewright"') });
  });

  it('prints help for --help anywhere, and the version', async () => {
    expect(await cli(['run', 'x.json', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('usage:') });
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(await cli([])).toMatchObject({ code: 2, stdout: expect.stringContaining('usage:') });
  });
});
