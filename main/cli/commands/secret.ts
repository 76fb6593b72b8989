import { Store, defaultHome, secretNameProblem } from '../../store';
import { UsageError, parseCommand, subcommandOf, type ParsedArgs } from '../args';
import { table, when } from './history';
import { readSecretValue } from '../read-secret';
import type { Io } from '../io';

const USAGE = 'usage: pipewright secret set NAME (value on standard input) | secret list | secret rm NAME';

function nameArg(args: ParsedArgs, sub: string): string {
  const [, name, ...extra] = args.positionals;
  if (!name || extra.length) throw new UsageError(`secret ${sub} needs one name: pipewright secret ${sub} NAME`);
  const problem = secretNameProblem(name);
  if (problem) throw new UsageError(problem);
  return name;
}

/** `pipewright secret set|list|rm`: values go in from standard input and never come out. */
export async function secretCommand(argv: readonly string[], io: Io): Promise<number> {
  const sub = subcommandOf(argv);
  const args = parseCommand(argv, sub ? `secret ${sub}` : 'secret', sub === 'list' ? { json: 'flag' } : {});
  if (sub !== 'set' && sub !== 'list' && sub !== 'rm') throw new UsageError(USAGE);
  const name = sub === 'list' ? '' : nameArg(args, sub);
  const value = sub === 'set' ? await readSecretValue(io.stdin ?? process.stdin, io.stderr, name) : '';
  if (sub === 'set' && !value) {
    throw new UsageError(`no value for ${name} on standard input: printf %s "$VALUE" | pipewright secret set ${name}`);
  }

  const store = Store.open(defaultHome());
  try {
    if (sub === 'set') {
      const existed = store.secrets.has(name);
      store.secrets.set(name, value);
      io.stdout.write(`secret ${name} ${existed ? 'replaced' : 'saved'} (encrypted; pipelines refer to it by name)\n`);
      return 0;
    }
    if (sub === 'rm') {
      if (!store.secrets.delete(name)) throw new Error(`no secret named ${name} (see pipewright secret list)`);
      io.stdout.write(`secret ${name} removed\n`);
      return 0;
    }
    const secrets = store.secrets.list();
    if (args.flags.has('json')) io.stdout.write(`${JSON.stringify(store.secrets.names())}\n`);
    else if (!secrets.length) io.stdout.write('no secrets yet (pipewright secret set NAME)\n');
    else io.stdout.write(table([['NAME', 'SET'], ...secrets.map((s) => [s.name, when(s.updatedAt)])]));
    return 0;
  } finally {
    store.close();
  }
}
