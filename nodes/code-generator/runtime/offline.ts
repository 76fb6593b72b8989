import { NodeError } from '../../sdk';
import { guessStack, OFFLINE_STACKS, parseBlueprint, type OfflineStack } from '../blueprint';
import type { Session } from './session';
import { writeScaffold } from './scaffolds';

/**
 * Offline: no model. A ready-made project for the stack (given, or guessed from the blueprint),
 * named and shaped by the blueprint's title, description and resources, with its own tests.
 */
export async function runOffline(session: Session, blueprint: string): Promise<void> {
  const { params, report, ctx } = session;
  const stack = (params.stack?.trim() || guessStack(blueprint)) as OfflineStack;
  if (!OFFLINE_STACKS.includes(stack)) {
    throw new NodeError(
      `param "stack": offline mode has scaffolds for ${OFFLINE_STACKS.join(', ')}, not "${params.stack}"; pick one, leave it empty to guess from the blueprint, or use a model (mode agent or single-shot)`,
    );
  }
  const bp = parseBlueprint(blueprint);
  const { files, manifest } = await writeScaffold(stack, bp, session.cwd);
  for (const f of files) session.ledger.wrote(f);
  ctx.log(
    `[offline scaffold ${stack}: "${bp.title}" with ${bp.resources.map((r) => r.name).join(', ')}; ${files.length} files]\n` +
      `[start it with \`${manifest.start}\`, test it with \`${manifest.test}\`]\n`,
    'info',
  );
  Object.assign(report, { stack, rounds: 1, startCommand: manifest.start, testCommand: manifest.test, summary: `${manifest.title}: ${bp.title}` });

  const verdict = await session.verify(1);
  if (verdict && !verdict.passed) {
    throw new NodeError(`the verify command \`${verdict.command}\` fails on the offline scaffold (exit code ${verdict.exitCode})`, verdict.output);
  }
}
