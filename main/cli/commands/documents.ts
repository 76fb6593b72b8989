import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rawTemplateExport, removedSecretsNote, templateExport } from '../../template-export';
import { openHost } from '../../host';
import { defaultHome } from '../../store';
import { UsageError, parseCommand } from '../args';
import { readTemplateFile, stepCount } from '../load-target';
import type { Io } from '../io';

export async function importCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'import', {});
  const [target] = args.positionals;
  if (!target) throw new UsageError('import needs a template file: pipewright import <template.json>');
  const { doc } = readTemplateFile(target);
  const host = openHost({ home: defaultHome() });
  try {
    const { id, renamed, name } = host.store.pipelines.importDocument(doc);
    io.stdout.write(
      renamed
        ? `imported "${name}" as ${id} (the id ${doc.id} was taken)\n`
        : `imported "${name}" as ${id}\n`,
    );
    const issues = host.engine.validate({ ...doc, id });
    if (issues.length) {
      io.stderr.write(`warning: it will not run until these are fixed:\n`);
      for (const issue of issues) io.stderr.write(`  - ${issue.message}\n`);
    }
    return 0;
  } finally {
    host.close();
  }
}

export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'export', { 'include-pins': 'flag' });
  const [id, file, ...extra] = args.positionals;
  if (!id || !file || extra.length) throw new UsageError('export needs a pipeline id and a file: pipewright export <id> <file> [--include-pins]');
  const host = openHost({ home: defaultHome() });
  try {
    const stored = host.store.pipelines.raw(id);
    if (stored === undefined) throw new UsageError(`no saved pipeline with id "${id}" (see pipewright list)`);
    const matcher = host.store.secrets.matcher();
    const warnRemoved = (names: string[]) => {
      if (names.length) io.stderr.write(`warning: ${removedSecretsNote(names)}\n`);
    };
    let doc;
    try {
      doc = host.store.pipelines.get(id)!;
    } catch (err) {
      // A row this build cannot read is still the person's work: hand it out as it is stored.
      const raw = rawTemplateExport(stored, matcher);
      writeFileSync(resolve(file), raw.text);
      io.stderr.write(`warning: "${id}" cannot be opened by this build (${(err as Error).message.split('\n')[0]}); exported as it is stored\n`);
      warnRemoved(raw.removedSecrets);
      io.stdout.write(`exported "${id}" as stored to ${file}\n`);
      return 0;
    }
    const exported = templateExport(doc, args.flags.has('include-pins'), host, matcher);
    writeFileSync(resolve(file), exported.text);
    warnRemoved(exported.removedSecrets);
    io.stdout.write(`exported "${doc.name}" (${stepCount(doc)}) to ${file}\n`);
    return 0;
  } finally {
    host.close();
  }
}
