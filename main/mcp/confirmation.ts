import { definitionsByKind } from '../../nodes/definitions';
import { paramFlags, type AnyDefinition, type Pipeline } from '../../nodes/sdk';
import { templateManifest } from '../api/manifest';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', 'host.docker.internal']);

/** Whether a model at `url` runs elsewhere, where calls are usually paid for. */
export function isHostedUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname;
  return !LOCAL_HOSTS.has(host) && !host.endsWith('.localhost') && !host.endsWith('.local');
}

export interface ConfirmationContext {
  /** Resolves a sub-pipeline ref, as the engine would; throws when it cannot. */
  loadPipeline(ref: string): Pipeline;
  /** True when a model the endpoint router may pick is hosted (settings name a non-local endpoint). */
  routerMayBeHosted: boolean;
}

/**
 * Why a person should agree before `doc` runs on their behalf: the steps that run unsandboxed
 * on this machine (read from the kinds' param flags, like the import review) and the models it
 * calls that are hosted and may cost money, in its sub-pipelines too. Empty when none.
 */
export function confirmationReasons(doc: Pipeline, ctx: ConfirmationContext, defs: ReadonlyMap<string, AnyDefinition> = definitionsByKind): string[] {
  const reasons: string[] = [];
  const seen = new Set<string>();
  const visit = (pipeline: Pipeline, prefix: string) => {
    if (seen.has(pipeline.id)) return;
    seen.add(pipeline.id);
    reasons.push(...(templateManifest(pipeline, defs).unsandboxed ?? []).map((line) => `${prefix}${line}`));
    reasons.push(...hostedModels(pipeline, ctx, defs).map((line) => `${prefix}${line}`));
    for (const node of pipeline.nodes) {
      const def = defs.get(node.kind);
      if (def?.role !== 'subpipeline' || typeof node.params.ref !== 'string') continue;
      try {
        visit(ctx.loadPipeline(node.params.ref), `${prefix}${node.id} → `);
      } catch {
        reasons.push(`${prefix}${node.id}: runs "${node.params.ref}", which cannot be read to check what it does`);
      }
    }
  };
  visit(doc, '');
  return reasons;
}

function hostedModels(doc: Pipeline, ctx: ConfirmationContext, defs: ReadonlyMap<string, AnyDefinition>): string[] {
  const found: string[] = [];
  const wired = new Set(doc.edges.map((e) => `${e.to.node}\0${e.to.port}`));
  for (const node of doc.nodes) {
    const def = defs.get(node.kind);
    if (!def || node.disabled) continue;
    const title = node.label ?? def.title;
    if (def.outputs.some((p) => p.type === 'endpoint')) {
      for (const [key, f] of Object.entries(paramFlags(def))) {
        const value = node.params[key];
        if (f.role === 'url' && typeof value === 'string' && isHostedUrl(value)) {
          found.push(`${title} (${node.id}): calls the hosted model at ${new URL(value).host}, which may cost money`);
        }
      }
    }
    const routed = def.inputs.some((p) => p.type === 'endpoint' && !wired.has(`${node.id}\0${p.name}`));
    if (routed && ctx.routerMayBeHosted) {
      found.push(`${title} (${node.id}): may call a hosted model the endpoint router picks, which may cost money`);
    }
  }
  return found;
}
