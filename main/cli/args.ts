import { parseArgs } from 'node:util';

/** A mistake in how the command was called: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The options one command takes: a `flag` is on or off and takes no value; a `value` option
 * needs one (the last given wins); a `values` option may be given more than once.
 */
export type OptionTable = Readonly<Record<string, 'flag' | 'value' | 'values'>>;

export interface ParsedArgs {
  positionals: string[];
  /** Every option given, by name: its values in order; a flag's is `['true']`. */
  flags: Map<string, string[]>;
}

const NODE_TYPES = { flag: { type: 'boolean' }, value: { type: 'string' }, values: { type: 'string', multiple: true } } as const;

/** The first argument when it is a word, not an option: the sub-command of `endpoint add …`. */
export function subcommandOf(argv: readonly string[]): string | undefined {
  const [first] = argv;
  return first !== undefined && !first.startsWith('-') ? first : undefined;
}

/** True when argv asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Parses the arguments of `command` against its option table with node:util parseArgs, strict:
 * an option it does not take, a flag given a value or an option missing its value is a
 * UsageError naming that option. Arguments after `--` are positionals whatever they look like.
 */
export function parseCommand(argv: readonly string[], command: string, table: OptionTable): ParsedArgs {
  const read = (strict: boolean) =>
    parseArgs({ args: [...argv], options: nodeOptions(table), strict, allowPositionals: true, tokens: true });
  let parsed: ReturnType<typeof read>;
  try {
    parsed = read(true);
  } catch (err) {
    // Read again leniently to find the argument at fault and say it in the CLI's words.
    const problem = read(false).tokens.map((token) => token.kind === 'option' && problemWith(token, command, table)).find(Boolean);
    throw new UsageError(problem || `${command}: ${(err as Error).message.split('\n')[0]}`);
  }
  const flags = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind === 'option') flags.set(token.name, [...(flags.get(token.name) ?? []), token.value ?? 'true']);
  }
  return { positionals: parsed.positionals, flags };
}

function nodeOptions(table: OptionTable) {
  return Object.fromEntries(Object.entries(table).map(([name, kind]) => [name, NODE_TYPES[kind]]));
}

interface OptionToken {
  name: string;
  rawName: string;
  value?: string;
  inlineValue?: boolean;
}

/** What is wrong with one option as given, or undefined when nothing is. */
function problemWith(token: OptionToken, command: string, table: OptionTable): string | undefined {
  const kind = table[token.name];
  if (kind === undefined) {
    const known = Object.keys(table).map((n) => `--${n}`);
    return `unknown option ${token.rawName} for "${command}": ${known.length ? `it takes ${known.join(', ')}` : 'it takes no options'} (see pipewright help)`;
  }
  if (kind === 'flag') return token.value === undefined ? undefined : `${token.rawName} is a flag and takes no value`;
  if (token.value === undefined) return `${token.rawName} needs a value`;
  if (!token.inlineValue && token.value.startsWith('-')) {
    return `${token.rawName} needs a value; for one that starts with a dash write ${token.rawName}=${token.value}`;
  }
  return undefined;
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

export function intFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const raw = flag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}
