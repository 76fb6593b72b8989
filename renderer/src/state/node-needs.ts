import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import { definitionsByKind } from '../../../nodes/definitions';
import { needsModelBy, paramFlags, type AnyDefinition } from '../../../nodes/sdk';
import { call } from '../api';
import type { GraphEdge } from './flow-document';
import { useSettings } from './settings';

/** Something a node lacks before it can run, found before any run: a secret, a model to ask. */
export interface NodeNeed {
  kind: 'secret' | 'endpoint' | 'engine';
  /** What the canvas badge says: "needs secret X", "no endpoint". */
  text: string;
  /** The same, said in full for the Problems list. */
  detail: string;
  secret?: string;
}

export interface NeedsContext {
  /** The names in the secrets store; undefined until loaded (nothing is reported missing then). */
  secretNames?: readonly string[];
  /** Whether a node with no endpoint wired in gets one from the router; undefined until known. */
  modelConfigured?: boolean;
  /** The Docker engines named in Settings; undefined until loaded (no engine is missing then). */
  engineNames?: readonly string[];
}

/** Whether a kind has any param that can make it need something (most kinds have none). */
export function mayNeed(def: AnyDefinition | undefined): boolean {
  return !!def && Object.values(paramFlags(def)).some((f) => f.role === 'secret' || f.role === 'engine' || f.needsModel);
}

/**
 * What a node lacks, read from its definition's flags: each secret its params name that is not
 * in the secrets store, and a model when its params make it ask one, no endpoint is wired into
 * it and neither the settings nor the built-in model can answer.
 */
export function nodeNeeds(def: AnyDefinition, params: Record<string, unknown>, endpointWired: boolean, ctx: NeedsContext): NodeNeed[] {
  const needs: NodeNeed[] = [];
  const parsed = def.params.safeParse(params);
  const effective = parsed.success ? (parsed.data as Record<string, unknown>) : params;
  let asksModel = false;
  for (const [key, f] of Object.entries(paramFlags(def))) {
    const value = effective[key];
    if (f.role === 'secret' && typeof value === 'string' && value && ctx.secretNames && !ctx.secretNames.includes(value)) {
      needs.push({ kind: 'secret', secret: value, text: `needs secret ${value}`, detail: `needs the secret ${value} (its ${key}), which is not set: pick or create it in the inspector` });
    }
    if (f.role === 'engine' && typeof value === 'string' && value && ctx.engineNames && !ctx.engineNames.includes(value)) {
      needs.push({
        kind: 'engine',
        text: `no engine ${value}`,
        detail: `runs on the Docker engine "${value}" (its ${key}), which is not in Settings → Docker engines: add it there, or clear ${key} to use the project's engine`,
      });
    }
    if (needsModelBy(f, value)) asksModel = true;
  }
  if (asksModel && !endpointWired && ctx.modelConfigured === false) {
    needs.push({
      kind: 'endpoint',
      text: 'no endpoint',
      detail: 'has no endpoint: it asks a model, and none is connected or configured; connect an LLM endpoint node, or add one in Settings → LLM endpoints',
    });
  }
  return needs;
}

const wiredCache = new WeakMap<readonly GraphEdge[], Set<string>>();

/** The nodes with an endpoint wired into them, computed once per edges array. */
export function endpointTargets(edges: readonly GraphEdge[]): Set<string> {
  let hit = wiredCache.get(edges);
  if (!hit) {
    hit = new Set(edges.filter((e) => e.data?.portType === 'endpoint').map((e) => e.target));
    wiredCache.set(edges, hit);
  }
  return hit;
}

/** Whether the built-in local model has a model installed (the router's last resort). */
export const useBuiltinModel = create<{ installed?: boolean; load(): void }>()((set) => ({
  installed: undefined,
  load() {
    call('models.list', {}).then(
      (state) => set({ installed: state.models.some((m) => m.installed) }),
      () => set({ installed: false }),
    );
  },
}));

/** The needs of every node of a document, for the Problems list. */
export function documentNeeds(
  nodes: readonly { id: string; data: { kind: string; params: Record<string, unknown>; disabled?: boolean; label?: string } }[],
  edges: readonly GraphEdge[],
  ctx: NeedsContext,
): { nodeId: string; title: string; need: NodeNeed }[] {
  const wired = endpointTargets(edges);
  return nodes.flatMap((n) => {
    const def = definitionsByKind.get(n.data.kind);
    if (!def || n.data.disabled || !mayNeed(def)) return [];
    const title = n.data.label || def.title;
    return nodeNeeds(def, n.data.params, wired.has(n.id), ctx).map((need) => ({ nodeId: n.id, title, need }));
  });
}

let secretsAsked = false;

/**
 * What node needs are judged against, from the settings store: the secret names (once the
 * store has answered, and only where it can hold secrets) and whether a model is configured.
 * Asks for the secret names and the built-in model once, the first time a node may need them.
 */
export function useNeedsContext(active: boolean): NeedsContext {
  const secrets = useSettings((s) => (active ? s.secrets : undefined));
  const secretsLoaded = useSecretsLoaded((s) => s.loaded);
  const endpointCount = useSettings((s) => (active && s.loaded ? Object.keys(s.values['llm.endpoints'] ?? {}).length : undefined));
  const builtin = useBuiltinModel((s) => (active ? s.installed : undefined));
  // Joined into one string: a stable value for the selector, split again below.
  const engines = useSettings((s) => (active && s.loaded ? Object.keys(s.values['docker.engines'] ?? {}).join('\n') : undefined));
  useEffect(() => {
    if (!active || secretsAsked) return;
    secretsAsked = true;
    useSettings
      .getState()
      .loadSecrets()
      .then(
        () => useSecretsLoaded.setState({ loaded: true }),
        () => undefined,
      );
    useBuiltinModel.getState().load();
  }, [active]);
  return useMemo(() => {
    const secretNames = secrets && secretsLoaded && secrets.available ? secrets.names : undefined;
    const modelConfigured = endpointCount === undefined ? undefined : endpointCount > 0 ? true : builtin === undefined ? undefined : builtin;
    const engineNames = engines === undefined ? undefined : engines.split('\n').filter(Boolean);
    return { secretNames, modelConfigured, engineNames };
  }, [secrets, secretsLoaded, endpointCount, builtin, engines]);
}

/** Whether the secret names have been read once (until then, no secret counts as missing). */
const useSecretsLoaded = create<{ loaded: boolean }>()(() => ({ loaded: false }));
