import { definitionsByKind } from '../../nodes/definitions';
import type { Edge, NodeInstance, Pipeline } from '../../nodes/sdk';
import type { AskIntent } from './request';

/** The planner's node ids, each with the kinds that play its part in a pipeline it did not write. */
const ROLE_KINDS: Record<string, readonly string[]> = {
  infra: ['iac'],
  repo: ['git-repo'],
  deploy: ['build-deploy', 'compose-deploy'],
  workspace: ['vscode-workspace'],
};

export interface Edited {
  draft: Pipeline;
  /** Nodes of the open pipeline the planner has no part for, left as they were. */
  kept: NodeInstance[];
}

/**
 * A change asked for in the chat, made to the open pipeline as the least edit: the planner
 * composes the pipeline as it reads it before the request (`before`) and after (`after`), and only
 * what differs between the two is done to the person's graph — a node added or removed, a param
 * that changed, a wire. Everything else stays as the person left it: their own nodes (a test
 * step, a model endpoint), the params they set in the inspector, the blueprint they wrote, where
 * the nodes sit.
 */
export function editOpenPipeline(base: Pipeline, before: Pipeline | undefined, after: Pipeline, intents: { before?: AskIntent; after: AskIntent }): Edited {
  const roles = rolesOf(base);
  const baseById = new Map(base.nodes.map((n) => [n.id, n]));
  const beforeById = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const taken = new Set(base.nodes.map((n) => n.id));
  // Planner id → the id the node has (or gets) in the person's pipeline.
  const idOf = new Map<string, string>();
  for (const n of [...(before?.nodes ?? []), ...after.nodes]) {
    if (idOf.has(n.id)) continue;
    const mapped = roles.get(n.id);
    if (mapped) idOf.set(n.id, mapped);
    else idOf.set(n.id, unique(n.id, taken));
  }
  const mine = new Set([...idOf.values()].filter((id) => baseById.has(id)));

  const nodes: NodeInstance[] = [];
  const added: NodeInstance[] = [];
  const afterIds = new Set(after.nodes.map((n) => idOf.get(n.id)!));
  for (const old of base.nodes) {
    // A node the planner plays a part in and no longer wants ("don't deploy it") goes.
    if (mine.has(old.id) && !afterIds.has(old.id)) continue;
    const planned = after.nodes.find((n) => idOf.get(n.id) === old.id);
    if (!planned) {
      nodes.push(old);
      continue;
    }
    if (planned.id === 'generate' && planned.kind !== old.kind) {
      // Another kind writing the code (the software team) stays itself: it reads the blueprint the change edits.
      nodes.push(old);
    } else if (planned.id === 'blueprint') {
      nodes.push(old.kind === 'text' && typeof old.params.text === 'string' && intents.before ? { ...old, params: { ...old.params, text: editBlueprint(old.params.text, intents.before, intents.after) } } : old);
    } else if (planned.kind !== old.kind) {
      nodes.push({ ...planned, id: old.id, position: old.position, ...(old.label ? { label: old.label } : {}) });
    } else {
      const was = beforeById.get(planned.id);
      // A label the planner wrote ("Write the Go REST API") follows the change; one the person wrote stays.
      const label = old.label === was?.label && planned.label ? planned.label : old.label;
      nodes.push({ ...old, params: overlay(old.params, was?.params, planned.params), ...(label ? { label } : {}) });
    }
  }
  for (const n of after.nodes) {
    const id = idOf.get(n.id)!;
    if (baseById.has(id)) continue;
    const node = { ...n, id };
    added.push(node);
    nodes.push(node);
  }

  const present = new Set(nodes.map((n) => n.id));
  const portOf = blueprintPort(base, roles);
  const generator = baseById.get(roles.get('generate') ?? '');
  const workspaceOut = generator && definitionsByKind.get(generator.kind)?.outputs.find((p) => p.type === 'workspace')?.name;
  const translate = (e: Edge): Edge => {
    const from = idOf.get(e.from.node)!;
    const port = e.from.node === 'blueprint' && portOf ? portOf : e.from.node === 'generate' && e.from.port === 'workspace' && workspaceOut ? workspaceOut : e.from.port;
    return { id: e.id, from: { node: from, port }, to: { node: idOf.get(e.to.node)!, port: e.to.port } };
  };
  const key = (e: Edge) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`;
  const beforeEdges = new Set((before?.edges ?? []).map((e) => key(translate(e))));
  const afterEdges = after.edges.map(translate);
  const afterKeys = new Set(afterEdges.map(key));
  let edges = base.edges.filter((e) => present.has(e.from.node) && present.has(e.to.node) && !(beforeEdges.has(key(e)) && !afterKeys.has(key(e))));
  const newEdges = afterEdges.filter((e) => !beforeEdges.has(key(e)) && !edges.some((b) => key(b) === key(e)));
  // A new wire into an input that is fed already replaces the old wire.
  for (const e of newEdges) edges = edges.filter((b) => !(b.to.node === e.to.node && b.to.port === e.to.port));
  const keptIds = new Set(base.nodes.filter((n) => !mine.has(n.id)).map((n) => n.id));
  const edgeIds = new Set(edges.map((e) => e.id));
  for (const e of newEdges) {
    const from = spliced(e.from, edges, nodes, keptIds);
    const edge = { id: unique(`e-${from.node}-${e.to.node}-${e.to.port}`, edgeIds), from, to: e.to };
    edges.push(edge);
  }
  placeNew(added, nodes, edges);
  const kept = nodes.filter((n) => keptIds.has(n.id));
  return { draft: { ...base, nodes, edges, ...(after.description && !base.description ? { description: after.description } : {}) }, kept };
}

/** The open pipeline's node for each of the planner's parts: the first of its kinds, and what feeds the generator its blueprint. */
function rolesOf(base: Pipeline): Map<string, string> {
  const roles = new Map<string, string>();
  const generator = generatorOf(base);
  if (generator) roles.set('generate', generator.id);
  const used = new Set<string>(generator ? [generator.id] : []);
  for (const [role, kinds] of Object.entries(ROLE_KINDS)) {
    const node = base.nodes.find((n) => kinds.includes(n.kind) && !used.has(n.id));
    if (node) {
      roles.set(role, node.id);
      used.add(node.id);
    }
  }
  const source = base.edges.find((e) => e.to.node === generator?.id && e.to.port === 'blueprint')?.from.node;
  if (source) roles.set('blueprint', source);
  return roles;
}

/**
 * What writes the app's code from its blueprint: the code generator, else any step that takes a
 * blueprint and gives a workspace (the software team), which then plays the generator's part.
 */
export function generatorOf(base: Pipeline): NodeInstance | undefined {
  return (
    base.nodes.find((n) => n.kind === 'code-generator') ??
    base.nodes.find((n) => {
      const def = definitionsByKind.get(n.kind);
      return def?.inputs.some((p) => p.name === 'blueprint' && p.type === 'text') && def.outputs.some((p) => p.type === 'workspace');
    })
  );
}

function blueprintPort(base: Pipeline, roles: Map<string, string>): string | undefined {
  const generator = roles.get('generate');
  return base.edges.find((e) => e.to.node === generator && e.to.port === 'blueprint')?.from.port;
}

/** The person's params, with only what the request changed in the planner's reading set anew. */
function overlay(mine: Record<string, unknown>, before: Record<string, unknown> | undefined, after: Record<string, unknown>): Record<string, unknown> {
  const out = { ...mine };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const [k, v] of Object.entries(after)) if (!before || !same(before[k], v)) out[k] = v;
  for (const k of Object.keys(before ?? {})) if (!(k in after) && same(out[k], before![k])) delete out[k];
  return out;
}

/**
 * Where a new wire takes its input from: past the person's own steps that already follow the
 * same output and pass it on (a test between the generator and the next step), so they keep
 * gating what comes after.
 */
function spliced(from: Edge['from'], edges: Edge[], nodes: NodeInstance[], kept: Set<string>): Edge['from'] {
  let at = from;
  for (let hops = 0; hops < nodes.length; hops++) {
    const type = portType(nodes, at.node, at.port, 'outputs');
    const next = edges.filter((e) => e.from.node === at.node && e.from.port === at.port && kept.has(e.to.node));
    if (next.length !== 1 || !type) return at;
    const step = nodes.find((n) => n.id === next[0].to.node)!;
    const out = definitionsByKind.get(step.kind)?.outputs.find((p) => p.type === type);
    if (!out || edges.some((e) => e.from.node === step.id && e.from.port === out.name)) return at;
    at = { node: step.id, port: out.name };
  }
  return at;
}

function portType(nodes: NodeInstance[], id: string, port: string, side: 'inputs' | 'outputs'): string | undefined {
  const node = nodes.find((n) => n.id === id);
  return node ? definitionsByKind.get(node.kind)?.[side].find((p) => p.name === port)?.type : undefined;
}

/** New nodes sit to the right of what feeds them, below anything already there. */
function placeNew(added: NodeInstance[], nodes: NodeInstance[], edges: Edge[]): void {
  const placed = nodes.filter((n) => !added.includes(n));
  const right = Math.max(0, ...placed.map((n) => n.position.x));
  for (const node of added) {
    const feeder = edges.find((e) => e.to.node === node.id && e.to.port !== 'blueprint') ?? edges.find((e) => e.to.node === node.id);
    const source = placed.find((n) => n.id === feeder?.from.node);
    // A chain of new nodes runs in a row; one branching off the person's graph sits below it.
    const position = source ? { x: source.position.x + 320, y: source.position.y + (added.includes(source) ? 0 : 180) } : { x: right + 320, y: 0 };
    while (placed.some((n) => Math.abs(n.position.x - position.x) < 200 && Math.abs(n.position.y - position.y) < 120)) position.y += 140;
    node.position = position;
    placed.push(node);
  }
}

function unique(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let i = 2; taken.has(candidate); i++) candidate = `${id}-${i}`;
  taken.add(candidate);
  return candidate;
}

/** The person's blueprint with the request's change written into it: the stack, new resources, a database. */
export function editBlueprint(text: string, before: AskIntent, after: AskIntent): string {
  let out = text;
  if (before.stack !== after.stack) {
    out = /^stack\s*:.*$/im.test(out) ? out.replace(/^stack\s*:.*$/im, `Stack: ${after.stack}`) : `${out.trimEnd()}\n\nStack: ${after.stack}\n`;
  }
  const known = new Set(before.resources.map((r) => r.name));
  const fresh = after.resources.filter((r) => !known.has(r.name));
  if (fresh.length) {
    const lines = fresh.map((r) => `- ${r.name}${r.fields.length ? ` (${r.fields.map((f) => f.replace(/_/g, ' ')).join(', ')})` : ''}`);
    const heading = /^#+\s*resources\b.*$/im.exec(out);
    if (heading) {
      // After the heading's list: its last item line before a blank line or the next heading.
      const rest = out.slice(heading.index + heading[0].length);
      const list = /^(?:\n[ \t]*(?:[-*+]|\d+[.)])\s.*)*/.exec(rest)![0];
      const at = heading.index + heading[0].length + list.length;
      out = `${out.slice(0, at)}\n${lines.join('\n')}${out.slice(at)}`;
    } else out = `${out.trimEnd()}\n\n## Resources\n${lines.join('\n')}\n`;
  }
  if (!before.database && after.database && !/^database\s*:/im.test(out)) out = `${out.trimEnd()}\nDatabase: PostgreSQL\n`;
  return out;
}
