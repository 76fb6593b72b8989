import type { ValidationIssue } from '../../engine/errors';
import { openHost } from '../../host';
import { defaultHome } from '../../store';
import { UsageError, parseCommand } from '../args';
import { readTemplateFile, stepCount } from '../load-target';
import type { Io } from '../io';
import { dirname } from 'node:path';

export function printIssues(io: Io, source: string, issues: readonly ValidationIssue[], json = false): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ type: 'invalid', source, issues })}\n`);
    return;
  }
  io.stderr.write(`${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n`);
  for (const issue of issues) io.stderr.write(`  - ${issue.message}\n`);
}

export async function validateCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'validate', { json: 'flag' });
  const [target] = args.positionals;
  if (!target) throw new UsageError('validate needs a template file: pipewright validate <template.json>');
  const { doc, file } = readTemplateFile(target);
  const host = openHost({ home: defaultHome(), templateDirs: [dirname(file)] });
  try {
    const issues = host.engine.validate(doc);
    if (issues.length) {
      printIssues(io, target, issues, args.flags.has('json'));
      return 1;
    }
    io.stdout.write(`${target}: valid — "${doc.name}", ${stepCount(doc)}, ${doc.edges.length} edges\n`);
    return 0;
  } finally {
    host.close();
  }
}
