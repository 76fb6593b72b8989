import { NodeError } from '../../sdk';
import { guessStack, languageOf, OFFLINE_STACKS, parseBlueprint, type OfflineStack } from '../../sdk/blueprint';
import type { Session } from './session';
import { scaffoldFiles, writeScaffold } from '../../sdk/node/scaffolds';

/**
 * Offline: no model. A ready-made project for the stack (given, or guessed from the blueprint),
 * named and shaped by the blueprint's title, description and resources, with its own tests.
 */
export async function runOffline(session: Session, blueprint: string): Promise<void> {
  const { params, report, ctx } = session;
  const named = params.stack?.trim() ? undefined : languageOf(blueprint);
  if (named && 'unsupported' in named) {
    throw new NodeError(
      `input "blueprint" asks for ${named.unsupported}, which offline mode has no scaffold for: it makes REST APIs in Node, Python, Go, Java and Rust (stack node-api, python-api, go-api, java-api, rust-api) and static sites`,
      'Name one of those languages in the blueprint or the stack param, or use a model (mode agent or single-shot) for other languages.',
    );
  }
  const stack = (params.stack?.trim() || guessStack(blueprint)) as OfflineStack;
  if (!OFFLINE_STACKS.includes(stack)) {
    throw new NodeError(
      `param "stack": offline mode has scaffolds for ${OFFLINE_STACKS.join(', ')}, not "${params.stack}"; pick one, leave it empty to guess from the blueprint, or use a model (mode agent or single-shot)`,
    );
  }
  const bp = parseBlueprint(blueprint);
  const replaced = session.generated.handMade(await scaffoldFiles(stack));
  if (replaced.length) {
    ctx.log(`[the scaffold replaces ${replaced.join(', ')}, which the code generator had not made; commit your own version first to keep it in the history]\n`, 'info');
  }
  const { files, manifest } = await writeScaffold(stack, bp, session.cwd);
  for (const f of files) session.ledger.wrote(f);
  // A scaffold is the whole project: what earlier runs made and this one did not is out of date.
  const { removed, kept } = await session.generated.removeStale(new Set(files));
  for (const f of removed) session.ledger.deleted(f);
  if (removed.length) ctx.log(`[removed what the blueprint no longer makes: ${removed.join(', ')}]\n`, 'info');
  for (const f of kept) {
    ctx.log(`[kept ${f}: the blueprint no longer makes it, but it was changed since it was generated; delete it yourself if it is not needed]\n`, 'info');
  }
  ctx.log(
    `[offline scaffold ${stack}: "${bp.title}" with ${bp.resources.map((r) => r.name).join(', ')}; ${files.length} files]\n` +
      `[start it with \`${manifest.start}\`, test it with \`${manifest.test}\`]\n`,
    'info',
  );
  session.language = manifest.language ?? 'node';
  Object.assign(report, { stack, rounds: 1, startCommand: manifest.start, testCommand: manifest.test, summary: `${manifest.title}: ${bp.title}` });

  // The scaffold's own tests run unless a verify command replaces them.
  const verdict = await session.verify(1, manifest.test);
  if (verdict && !verdict.passed) {
    const what = params.verifyCommand?.trim() ? 'the verify command' : "the scaffold's tests";
    // Maven fetches its plugins on first use: a public image without them needs the network.
    const hint = session.language === 'java' && verdict.sandboxed && !params.network ? "\n(The sandbox has no network: if Maven could not fetch its plugins, turn on the node's network param.)" : '';
    throw new NodeError(`${what} \`${verdict.command}\` fail${what.endsWith('tests') ? '' : 's'} on the offline scaffold (exit code ${verdict.exitCode})`, `${verdict.output}${hint}`);
  }
}
