import { defineRuntime, NodeError, type EndpointValue, type WorkspaceValue } from '../../sdk';
import { languageOf } from '../../sdk/blueprint';
import { codeGeneratorDefinition } from '../definition';
import { runAgent } from './agent';
import { GeneratedFiles } from './generated-files';
import { runOffline } from './offline';
import { Session } from './session';
import { runSingleShot } from './single-shot';

export const codeGeneratorRuntime = defineRuntime(codeGeneratorDefinition, async ({ inputs, params, ctx }) => {
  const blueprint = typeof inputs.blueprint === 'string' ? inputs.blueprint.trim() : '';
  if (!blueprint) {
    throw new NodeError('input "blueprint" is empty: connect a Text node that says what to build');
  }
  const connected = inputs.workspace as WorkspaceValue | undefined;
  // Existing code is changed in place, like a shell node does. The node's own folder is kept
  // too: its .git, the files added by hand and the history git-repo builds on survive a rerun.
  const cwd = connected?.path ?? (await ctx.workspace(undefined, { keep: true }));
  const endpoint = params.mode === 'offline' ? undefined : (inputs.endpoint as EndpointValue | undefined);
  const generated = await GeneratedFiles.load(ctx, cwd);
  const session = new Session(ctx, params, cwd, endpoint, generated, !connected);
  // Until the project's files say otherwise, its commands run in the sandbox of the language asked for.
  const named = languageOf(params.stack ?? '', { alone: true }) ?? languageOf(blueprint);
  if (named && 'language' in named) session.language = named.language;
  try {
    if (params.mode === 'offline') await runOffline(session, blueprint);
    else if (params.mode === 'single-shot') await runSingleShot(session, blueprint);
    else await runAgent(session, blueprint);
  } catch (err) {
    // Files a failed run wrote are still the generator's: the next run may replace or remove them.
    await session.remember().catch(() => undefined);
    throw err;
  }
  await session.remember();
  return session.finish();
});
