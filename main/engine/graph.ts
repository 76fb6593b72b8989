import {
  EngineSettingsSchema,
  isCompatible,
  pinRefusal,
  portsOf,
  type AnyDefinition,
  type Edge,
  type NodeInstance,
  type NodeRuntime,
  type Pipeline,
  type PortEnv,
  type ResolvedPorts,
} from '../../nodes/sdk';
import { canonicalJson, sha256 } from './cache-key';
import { describeNode, type ValidationIssue } from './errors';
import type { NodeRegistry } from './types';

/** One connected input: which upstream node and output port feed it. */
export interface Wire {
  port: string;
  from: number;
  fromPort: string;
}

const ENGINE_SETTING_NAMES = Object.keys(EngineSettingsSchema.shape);

/** A node ready for the scheduler: parsed params, resolved ports, adjacency by index. */
export interface CompiledNode {
  index: number;
  id: string;
  inst: NodeInstance;
  def: AnyDefinition;
  runtime: NodeRuntime;
  /** Params after the schema (defaults applied). */
  params: Record<string, unknown>;
  ports: ResolvedPorts;
  /** Connected inputs, sorted by port name so cache keys do not depend on edge order. */
  wires: Wire[];
  /** Downstream node index per outgoing edge (a node fed twice by one upstream appears twice). */
  out: number[];
  /** Number of incoming edges; the node is ready when that many have settled. */
  indeg: number;
  /** Output ports of type workspace: their folders must still exist for a cached result. */
  workspaceOutputs: string[];
  /** The referenced pipeline, for nodes with role 'subpipeline' whose ref loads. */
  child?: Pipeline;
  /** What of `child` decides its results, hashed: not positions, labels or annotations. */
  childKey?: string;
  /** Kind, version and params as the start of a cache key; made on the first run that needs it. */
  keyPrefix?: string;
}

export interface CompiledGraph {
  doc: Pipeline;
  /** Every node that can run; annotations (comments, groups) are not among them. */
  nodes: CompiledNode[];
  byId: Map<string, number>;
  /** Ids of the annotation nodes: checked, never compiled, so never scheduled. */
  annotations: ReadonlySet<string>;
}

export interface CompileEnv extends PortEnv {
  registry: NodeRegistry;
}

interface Draft {
  inst: NodeInstance;
  def?: AnyDefinition;
  runtime?: NodeRuntime;
  params?: Record<string, unknown>;
  ports?: ResolvedPorts;
  child?: Pipeline;
}

/**
 * The part of a document that decides what it computes: moving a node, renaming a label or
 * editing a comment inside a sub-pipeline must not re-run the node that calls it.
 */
function executableShape(doc: Pipeline, registry: NodeRegistry) {
  return {
    nodes: doc.nodes
      .filter((n) => !registry.definition(n.kind)?.annotation)
      .map((n) => ({ id: n.id, kind: n.kind, params: n.params, disabled: n.disabled, ...(n.settings?.pinned ? { pinned: n.settings.pinned.outputs } : {}) })),
    edges: doc.edges.map((e) => ({ from: e.from, to: e.to })),
    inputs: doc.inputs,
    outputs: doc.outputs,
  };
}

function edgeText(edge: Edge): string {
  return `edge "${edge.id}" (${edge.from.node}.${edge.from.port} → ${edge.to.node}.${edge.to.port})`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function draftNode(inst: NodeInstance, env: CompileEnv, issues: ValidationIssue[]): Draft {
  const node = describeNode(inst);
  const def = env.registry.definition(inst.kind);
  if (!def) {
    issues.push({
      nodeId: inst.id,
      code: 'unknown-kind',
      message: `${node}: unknown node kind "${inst.kind}"; install the kind or replace the node`,
    });
    return { inst };
  }
  const runtime = env.registry.runtime(inst.kind);
  // An annotation never runs, so it has no runtime to miss.
  if (!runtime && !def.annotation) {
    issues.push({
      nodeId: inst.id,
      code: 'no-runtime',
      message: `${node}: kind "${inst.kind}" cannot run in this build (no runtime registered for it)`,
    });
  }
  // Format 1 kept these among params; the schema would drop them silently, so say where they go.
  for (const key of ENGINE_SETTING_NAMES) {
    if (inst.params[key] !== undefined && !(key in def.params.shape)) {
      issues.push({
        nodeId: inst.id,
        field: key,
        code: 'engine-setting-in-params',
        message: `${node}: "${key}" is an engine setting, not a param of kind "${inst.kind}"; move it to the node's "settings"`,
      });
    }
  }
  const parsed = def.params.safeParse(inst.params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldPath(issue.path);
      issues.push({
        nodeId: inst.id,
        field: field || undefined,
        code: 'invalid-param',
        message: `${node}: param ${field ? `"${field}"` : '(params)'}: ${issue.message}; fix it in the inspector`,
      });
    }
    return { inst, def, runtime };
  }
  const params = parsed.data as Record<string, unknown>;
  let child: Pipeline | undefined;
  if (def.role === 'subpipeline') {
    const ref = String(params.ref);
    try {
      child = env.loadPipeline(ref);
    } catch (err) {
      issues.push({
        nodeId: inst.id,
        field: 'ref',
        code: 'subpipeline-unavailable',
        message: `${node}: cannot load pipeline "${ref}": ${(err as Error).message}`,
      });
      return { inst, def, runtime, params };
    }
  }
  try {
    const ports = portsOf(def, params, env);
    const pin = inst.settings?.pinned;
    const refused = pin && pinRefusal(def, ports, pin.outputs);
    if (refused) {
      issues.push({ nodeId: inst.id, field: 'settings.pinned', code: 'pin-refused', message: `${node}: its pinned outputs cannot be used: ${refused}; unpin it` });
    }
    return { inst, def, runtime, params, child, ports };
  } catch (err) {
    issues.push({
      nodeId: inst.id,
      code: 'ports-unresolved',
      message: `${node}: cannot work out its ports: ${(err as Error).message}`,
    });
    return { inst, def, runtime, params, child };
  }
}

/**
 * Checks one document's nodes and edges (not cycles, not sub-pipelines) and builds the
 * indexed graph the scheduler walks. The graph is only usable when no issue was reported.
 */
export function compileGraph(doc: Pipeline, env: CompileEnv, issues: ValidationIssue[]): CompiledGraph {
  const byId = new Map<string, number>();
  const annotations = new Set<string>();
  const drafts: Draft[] = [];
  for (const inst of doc.nodes) {
    if (byId.has(inst.id) || annotations.has(inst.id)) {
      issues.push({
        nodeId: inst.id,
        code: 'duplicate-node-id',
        message: `${describeNode(inst)}: another node already has the id "${inst.id}"; give each node its own id`,
      });
      continue;
    }
    const draft = draftNode(inst, env, issues);
    // Its kind and params are checked like any node's; it takes no part in the graph.
    if (draft.def?.annotation) {
      annotations.add(inst.id);
      continue;
    }
    byId.set(inst.id, drafts.length);
    drafts.push(draft);
  }

  const wires: Wire[][] = drafts.map(() => []);
  const out: number[][] = drafts.map(() => []);
  // Inputs already fed, per node: a short list each, cheaper than one set of joined strings.
  const fed: string[][] = drafts.map(() => []);
  for (const edge of doc.edges) {
    const fromIdx = byId.get(edge.from.node);
    const toIdx = byId.get(edge.to.node);
    const note = annotations.has(edge.from.node) ? edge.from.node : annotations.has(edge.to.node) ? edge.to.node : undefined;
    if (note !== undefined) {
      issues.push({
        edgeId: edge.id,
        nodeId: note,
        code: 'missing-port',
        message: `${edgeText(edge)}: node "${note}" is a note on the canvas (a comment or a group) and has no ports; delete the edge`,
      });
      continue;
    }
    if (fromIdx === undefined || toIdx === undefined) {
      const missing = fromIdx === undefined ? edge.from.node : edge.to.node;
      issues.push({
        edgeId: edge.id,
        nodeId: fromIdx === undefined ? edge.to.node : edge.from.node,
        code: 'missing-node',
        message: `${edgeText(edge)}: there is no node "${missing}"; delete the edge or add the node`,
      });
      continue;
    }
    const from = drafts[fromIdx];
    const to = drafts[toIdx];
    const outPort = from.ports?.outputs.find((p) => p.name === edge.from.port);
    const inPort = to.ports?.inputs.find((p) => p.name === edge.to.port);
    let ok = true;
    if (from.ports && !outPort) {
      ok = false;
      issues.push({
        edgeId: edge.id,
        nodeId: from.inst.id,
        code: 'missing-port',
        message: `${edgeText(edge)}: ${describeNode(from.inst)} has no output "${edge.from.port}" (outputs: ${from.ports.outputs.map((p) => p.name).join(', ') || 'none'})`,
      });
    }
    if (to.ports && !inPort) {
      ok = false;
      issues.push({
        edgeId: edge.id,
        nodeId: to.inst.id,
        code: 'missing-port',
        message: `${edgeText(edge)}: ${describeNode(to.inst)} has no input "${edge.to.port}" (inputs: ${to.ports.inputs.map((p) => p.name).join(', ') || 'none'})`,
      });
    }
    if (fed[toIdx].includes(edge.to.port)) {
      ok = false;
      issues.push({
        edgeId: edge.id,
        nodeId: to.inst.id,
        code: 'duplicate-input-edge',
        message: `${edgeText(edge)}: input "${edge.to.port}" of ${describeNode(to.inst)} already has an edge; an input takes one edge, delete one of them`,
      });
    }
    fed[toIdx].push(edge.to.port);
    if (outPort && inPort && !isCompatible(outPort.type, inPort.type)) {
      ok = false;
      issues.push({
        edgeId: edge.id,
        nodeId: to.inst.id,
        code: 'incompatible-ports',
        message: `${edgeText(edge)}: output "${outPort.name}" of ${describeNode(from.inst)} is ${outPort.type} but input "${inPort.name}" of ${describeNode(to.inst)} takes ${inPort.type}`,
      });
    }
    // Even a faulty edge orders its nodes, so cycle detection still sees it.
    out[fromIdx].push(toIdx);
    if (ok) wires[toIdx].push({ port: edge.to.port, from: fromIdx, fromPort: edge.from.port });
  }

  const outputNames = new Map<string, string>();
  const nodes: CompiledNode[] = drafts.map((d, index) => {
    if (d.ports && !d.inst.disabled) {
      for (const port of d.ports.inputs) {
        // An input with a faulty edge is reported for that edge, not as unconnected too.
        if (port.optional || fed[index].includes(port.name)) continue;
        issues.push({
          nodeId: d.inst.id,
          field: port.name,
          code: 'missing-input',
          message: `${describeNode(d.inst)}: input "${port.name}" (${port.type}) needs an edge; connect it or disable the node`,
        });
      }
    }
    if (d.def?.role === 'pipeline-output' && d.params) {
      const name = String(d.params.name);
      const other = outputNames.get(name);
      if (other !== undefined) {
        issues.push({
          nodeId: d.inst.id,
          field: 'name',
          code: 'duplicate-output-name',
          message: `${describeNode(d.inst)}: pipeline output "${name}" is also produced by node "${other}"; give each output its own name`,
        });
      } else outputNames.set(name, d.inst.id);
    }
    const ws = wires[index].sort((a, b) => (a.port < b.port ? -1 : a.port > b.port ? 1 : 0));
    return {
      index,
      id: d.inst.id,
      inst: d.inst,
      def: d.def as AnyDefinition,
      runtime: d.runtime as NodeRuntime,
      params: d.params as Record<string, unknown>,
      ports: d.ports as ResolvedPorts,
      wires: ws,
      out: out[index],
      indeg: 0,
      workspaceOutputs: d.ports?.outputs.filter((p) => p.type === 'workspace').map((p) => p.name) ?? [],
      child: d.child,
      childKey: d.child && sha256(canonicalJson(executableShape(d.child, env.registry))),
    };
  });
  for (const n of nodes) for (const d of n.out) nodes[d].indeg++;
  return { doc, nodes, byId, annotations };
}
