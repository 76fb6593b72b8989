import type { ValidationIssueInfo } from '../../../preload/contract';

/** A problem as the editor shows it: a few words on the node, a sentence in lists. */
export interface PlainIssue {
  nodeId?: string;
  /** The engine's code for it (`missing-input`, `invalid-param`…). */
  code: string;
  /** The param or port it is about. */
  field?: string;
  /** On the node and in its inspector, which already say which node it is: "needs a blueprint". */
  short: string;
  /** In the Problems list and the run dialog: the node's name, what is wrong, what to do. */
  long: string;
  /** Shown quietly on a node just placed, until the person runs or moves on (fresh-nodes.ts). */
  quietWhenFresh: boolean;
}

/** How the engine's messages name a node or an edge, ended by ": ". */
const SUBJECT = /^(?:node "[^"]*" \((?:"[^"]*", )?[^)]*\)|edge "[^"]*" \([^)]*\)): /;

/** "blueprint" → "a blueprint", "apiKey" → "an api key", "endpoint" → "an endpoint". */
export function withArticle(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/**
 * The engine's validation message in plain words. The CLI prints the engine's own text; the
 * editor has the node in front of the person, so it says what is missing and what to do.
 */
export function plainIssue(issue: ValidationIssueInfo, nameOf: (nodeId: string) => string): PlainIssue {
  const name = issue.nodeId ? nameOf(issue.nodeId) : undefined;
  const rest = issue.message.replace(SUBJECT, '');
  const base = { code: issue.code, ...(issue.nodeId ? { nodeId: issue.nodeId } : {}), ...(issue.field ? { field: issue.field } : {}) };
  if (issue.code === 'missing-input') {
    const port = /input "([^"]+)"/.exec(rest)?.[1];
    if (port) {
      const needs = `needs ${withArticle(port)}`;
      return {
        ...base,
        short: needs,
        long: `${name ?? 'A node'} ${needs}: connect an output to its "${port}" input, or disable the node`,
        quietWhenFresh: true,
      };
    }
  }
  if (issue.code === 'invalid-param') {
    const param = /^param "([^"]+)": (.*?)(?:; fix it in the inspector)?$/s.exec(rest);
    if (param) {
      const short = `"${param[1]}": ${param[2]}`;
      return { ...base, short, long: `${name ?? 'A node'}: ${short}; fix it in the inspector`, quietWhenFresh: false };
    }
  }
  if (issue.code === 'incompatible-ports') {
    const m = /output "([^"]+)" of node "([^"]+)".*? is (\S+) but input "([^"]+)" of node "[^"]+".*? takes (\S+)$/.exec(rest);
    if (m) {
      const [, out, from, gives, input, takes] = m;
      const short = `its "${input}" input takes ${takes}, but ${nameOf(from)}'s "${out}" gives ${gives}: delete that connection`;
      return { ...base, short, long: `${name ?? 'A node'}: ${short}`, quietWhenFresh: false };
    }
  }
  if (issue.code === 'duplicate-input-edge') {
    const input = /input "([^"]+)"/.exec(rest)?.[1];
    if (input) {
      const short = `its "${input}" input has more than one connection; an input takes one: delete the others`;
      return { ...base, short, long: `${name ?? 'A node'}: ${short}`, quietWhenFresh: false };
    }
  }
  const short = rest.charAt(0).toUpperCase() + rest.slice(1);
  return { ...base, short, long: name ? `${name}: ${rest}` : short, quietWhenFresh: false };
}
