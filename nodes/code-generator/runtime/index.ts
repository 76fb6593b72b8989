import { defineRuntime, NodeError, type EndpointValue, type WorkspaceValue } from '../../sdk';
import { codeGeneratorDefinition } from '../definition';
import { runAgent } from './agent';
import { runOffline } from './offline';
import { Session } from './session';
import { runSingleShot } from './single-shot';

export const codeGeneratorRuntime = defineRuntime(codeGeneratorDefinition, async ({ inputs, params, ctx }) => {
  const blueprint = typeof inputs.blueprint === 'string' ? inputs.blueprint.trim() : '';
  if (!blueprint) {
    throw new NodeError('input "blueprint" is empty: connect a Text node that says what to build');
  }
  const connected = inputs.workspace as WorkspaceValue | undefined;
  // Working on existing code changes it in place, like a shell node does; otherwise a fresh folder.
  const cwd = connected?.path ?? (await ctx.workspace());
  const endpoint = params.mode === 'offline' ? undefined : (inputs.endpoint as EndpointValue | undefined);
  const session = new Session(ctx, params, cwd, endpoint);
  if (params.mode === 'offline') await runOffline(session, blueprint);
  else if (params.mode === 'single-shot') await runSingleShot(session, blueprint);
  else await runAgent(session, blueprint);
  return session.finish();
});
