import { z } from 'zod';
import { definitionsByKind } from '../../../nodes/definitions';
import type { Pipeline, ToolSpec } from '../../../nodes/sdk';
import type { AskStep } from '../../../preload/contract';

// The builder agent's tools: each call is checked with zod, then against the kinds'
// definitions, at once; what is wrong goes back to the model as the tool's answer.

const NodeId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, 'a node id is letters, digits, _ and -, starting with a letter');
const Params = z.record(z.string(), z.unknown());

export const TOOL_ARGS = {
  list_kinds: z.object({}),
  describe_kind: z.object({ kind: z.string() }),
  add_node: z.object({ id: NodeId, kind: z.string(), params: Params.optional(), label: z.string().max(80).optional() }),
  set_params: z.object({ id: z.string(), params: Params }),
  connect: z.object({ from: z.string(), fromPort: z.string(), to: z.string(), toPort: z.string() }),
  remove: z.object({ id: z.string() }),
  lint: z.object({}),
  ask_question: z.object({ text: z.string().min(1).max(500) }),
  propose: z.object({
    summary: z.string().min(1).max(500),
    steps: z.array(z.object({ title: z.string().min(1), kinds: z.array(z.string()) })).min(1),
  }),
} as const;

export type ToolName = keyof typeof TOOL_ARGS;

/** Every tool's fields in one shape; each case of `apply` reads the ones its schema requires. */
interface AnyToolArgs {
  id: string;
  kind: string;
  params?: Record<string, unknown>;
  label?: string;
  from: string;
  fromPort: string;
  to: string;
  toPort: string;
  text: string;
  summary: string;
  steps: AskStep[];
}

const DESCRIPTIONS: Record<ToolName, string> = {
  list_kinds: 'The node kinds you can use, one line each.',
  describe_kind: "A kind's input and output ports and its params.",
  add_node: 'Add a node to the draft.',
  set_params: "Change some of a node's params.",
  connect: "Wire an output port to another node's input port.",
  remove: 'Remove a node and its wires.',
  lint: 'Check the draft; say what is wrong.',
  ask_question: 'Ask the person one short question when the request leaves something that matters open.',
  propose: 'Propose the draft (it must pass lint), with a short summary and the steps.',
};

export const TOOL_SPECS: ToolSpec[] = (Object.keys(TOOL_ARGS) as ToolName[]).map((name) => ({
  name,
  description: DESCRIPTIONS[name],
  parameters: z.toJSONSchema(TOOL_ARGS[name]) as Record<string, unknown>,
}));

export type ToolOutcome =
  | { kind: 'result'; text: string }
  | { kind: 'question'; text: string }
  | { kind: 'proposal'; summary: string; steps: AskStep[] };

/** A draft pipeline the agent edits; every change is checked before it is made. */
export class DraftEditor {
  constructor(
    public draft: Pipeline,
    private readonly validate: (doc: Pipeline) => { message: string }[],
  ) {}

  /** Runs one tool call as the model wrote it; never throws: a mistake is the model's to fix. */
  run(name: string, rawArguments: string): ToolOutcome {
    if (!Object.hasOwn(TOOL_ARGS, name)) {
      return { kind: 'result', text: `error: there is no tool "${name}"; use one of ${Object.keys(TOOL_ARGS).join(', ')}` };
    }
    let raw: unknown;
    try {
      raw = rawArguments.trim() ? JSON.parse(rawArguments) : {};
    } catch {
      return { kind: 'result', text: `error: the arguments of ${name} are not valid JSON; send a JSON object` };
    }
    const parsed = TOOL_ARGS[name as ToolName].safeParse(raw);
    if (!parsed.success) {
      return { kind: 'result', text: `error: ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}` };
    }
    try {
      // Parsed by the named tool's schema just above, so the fields it reads are there.
      return this.apply(name as ToolName, parsed.data as AnyToolArgs);
    } catch (err) {
      return { kind: 'result', text: `error: ${name}: ${(err as Error).message}` };
    }
  }

  private apply(name: ToolName, args: AnyToolArgs): ToolOutcome {
    const ok = (text: string): ToolOutcome => ({ kind: 'result', text });
    const doc = this.draft;
    const node = (id: string) => {
      const found = doc.nodes.find((n) => n.id === id);
      if (!found) throw new Error(`no node "${id}" in the draft (nodes: ${doc.nodes.map((n) => n.id).join(', ') || 'none'})`);
      return found;
    };
    switch (name) {
      case 'list_kinds':
        return ok([...definitionsByKind.values()].filter((d) => !d.annotation).map((d) => `${d.kind}: ${d.title}`).join('\n'));
      case 'describe_kind': {
        const def = kindOf(args.kind);
        const ports = (list: { name: string; type: string; optional?: boolean }[]) => list.map((p) => `${p.name} (${p.type}${p.optional ? ', optional' : ''})`).join(', ') || 'none';
        const params = Object.entries(z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }).properties ?? {})
          .map(([k, v]) => `${k}: ${String((v as { description?: string }).description ?? '').slice(0, 120)}`)
          .join('\n');
        return ok(`${def.kind}: ${def.description.slice(0, 300)}\ninputs: ${ports(def.inputs)}\noutputs: ${ports(def.outputs)}\nparams:\n${params}`);
      }
      case 'add_node': {
        if (doc.nodes.some((n) => n.id === args.id)) throw new Error(`a node "${args.id}" exists already; pick another id or use set_params`);
        const def = kindOf(args.kind);
        checkParams(def, args.params ?? {});
        doc.nodes.push({ id: args.id, kind: def.kind, version: def.version, params: args.params ?? {}, position: { x: doc.nodes.length * 320, y: 0 }, ...(args.label ? { label: args.label } : {}) });
        return ok(`added ${args.id}`);
      }
      case 'set_params': {
        const target = node(args.id);
        const params = { ...target.params, ...args.params };
        checkParams(kindOf(target.kind), params);
        target.params = params;
        return ok(`set ${Object.keys(args.params ?? {}).join(', ')} on ${args.id}`);
      }
      case 'connect': {
        const from = kindOf(node(args.from).kind);
        const to = kindOf(node(args.to).kind);
        if (!from.outputs.some((p) => p.name === args.fromPort)) throw new Error(`${args.from} (${from.kind}) has no output "${args.fromPort}"; it has ${from.outputs.map((p) => p.name).join(', ') || 'none'}`);
        if (!to.inputs.some((p) => p.name === args.toPort)) throw new Error(`${args.to} (${to.kind}) has no input "${args.toPort}"; it has ${to.inputs.map((p) => p.name).join(', ') || 'none'}`);
        const edgesBefore = doc.edges;
        const known = new Set(this.validate(doc).map((i) => i.message));
        doc.edges = doc.edges.filter((e) => !(e.to.node === args.to && e.to.port === args.toPort));
        doc.edges.push({ id: `e-${args.from}-${args.to}-${args.toPort}`, from: { node: args.from, port: args.fromPort }, to: { node: args.to, port: args.toPort } });
        // Whatever this wire breaks (types that do not match, a cycle) is refused at once.
        const problems = this.validate(doc).filter((i) => !known.has(i.message));
        if (problems.length) {
          doc.edges = edgesBefore;
          throw new Error(problems.map((p) => p.message).join('; '));
        }
        return ok(`connected ${args.from}.${args.fromPort} → ${args.to}.${args.toPort}`);
      }
      case 'remove':
        node(args.id);
        doc.nodes = doc.nodes.filter((n) => n.id !== args.id);
        doc.edges = doc.edges.filter((e) => e.from.node !== args.id && e.to.node !== args.id);
        return ok(`removed ${args.id}`);
      case 'lint': {
        const issues = this.validate(doc);
        return ok(issues.length ? issues.map((i) => `- ${i.message}`).join('\n') : 'no problems');
      }
      case 'ask_question':
        return { kind: 'question', text: args.text };
      case 'propose': {
        if (!doc.nodes.length) throw new Error('the draft is empty; add nodes first');
        const issues = this.validate(doc);
        if (issues.length) throw new Error(`the draft does not pass lint yet:\n${issues.map((i) => `- ${i.message}`).join('\n')}`);
        const wrong = stepKindsMissing(args.steps, doc);
        if (wrong) throw new Error(wrong);
        return { kind: 'proposal', summary: args.summary, steps: args.steps };
      }
    }
  }
}

/** A plan's steps name the kinds of the draft's nodes, so what the person reads is what will run; else what is wrong. */
export function stepKindsMissing(steps: AskStep[], doc: Pipeline): string | undefined {
  const present = new Set(doc.nodes.map((n) => n.kind));
  const missing = [...new Set(steps.flatMap((s) => s.kinds).filter((k) => !present.has(k)))];
  if (!missing.length) return undefined;
  return `the steps name kinds the draft has no node of: ${missing.join(', ')}; name the kinds of its nodes (${[...present].join(', ')})`;
}

function kindOf(kind: string) {
  const def = definitionsByKind.get(kind);
  if (!def || def.annotation) throw new Error(`no node kind "${kind}"; call list_kinds for the kinds there are`);
  return def;
}

function checkParams(def: NonNullable<ReturnType<typeof definitionsByKind.get>>, params: Record<string, unknown>): void {
  const result = def.params.safeParse(params);
  if (!result.success) {
    throw new Error(`params of ${def.kind}: ${result.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`);
  }
}
