import { defineRuntime, NodeError, type EndpointValue, type RunContext, type WorkspaceValue } from '../../sdk';
import { softwareTeamDefinition } from '../definition';
import { runOfflineTeam } from './offline';
import { TeamSession } from './session';
import { runTeam } from './team';
import { loadTeam } from './templates';

/** Whether the host lends a model at all (a host without ctx.llm throws when it is touched). */
function hasLlm(ctx: RunContext): boolean {
  try {
    return Boolean(ctx.llm);
  } catch {
    return false;
  }
}

/** The router's refusal when no endpoint is configured: in auto mode the team works offline then. */
const NO_MODEL = /^no LLM endpoint is configured/;

export const softwareTeamRuntime = defineRuntime(softwareTeamDefinition, async ({ inputs, params, ctx }) => {
  const blueprint = typeof inputs.blueprint === 'string' ? inputs.blueprint.trim() : '';
  if (!blueprint) throw new NodeError('input "blueprint" is empty: connect a Text node that says what to build');
  const templates = await loadTeam(params.roles);
  const connected = inputs.workspace as WorkspaceValue | undefined;
  const cwd = connected?.path ?? (await ctx.workspace(undefined, { keep: true }));
  const endpoint = params.mode === 'offline' ? undefined : (inputs.endpoint as EndpointValue | undefined);
  const session = (mode: 'model' | 'offline') => new TeamSession(ctx, params, cwd, blueprint, templates, endpoint, mode);

  const offline = async () => {
    const team = session('offline');
    ctx.log(`[software team, offline: no model; composing the offline scaffolds]\n`, 'info');
    return team.finish(await runOfflineTeam(team, { connected: connected !== undefined }));
  };
  if (params.mode === 'offline' || (params.mode === 'auto' && !endpoint && !hasLlm(ctx))) return offline();

  const team = session('model');
  try {
    const design = await runTeam(team, await ctx.workspace('team', { keep: true }));
    return team.finish(design);
  } catch (err) {
    if (params.mode === 'auto' && !endpoint && NO_MODEL.test((err as Error).message) && !team.report.tasks.length) return offline();
    throw err;
  }
});
