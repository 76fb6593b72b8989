import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { Store } from '../store';
import { docEdge as edge, docNode as node } from '../store/store.test-support';


/** name → say (shell) → greeting; punctuation (default "!") → punctuation: five nodes. */
export const greet: Pipeline = {
  format: FORMAT,
  id: 'greet',
  name: 'Greet',
  description: 'Says hello to someone',
  inputs: [
    { name: 'name', type: 'text', description: 'Who to greet' },
    { name: 'punctuation', type: 'text', description: 'What ends the greeting' },
  ],
  outputs: [
    { name: 'greeting', type: 'text' },
    { name: 'punctuation', type: 'text' },
  ],
  nodes: [
    node('name', 'pipeline-input', { name: 'name', type: 'text' }),
    node('punct', 'pipeline-input', { name: 'punctuation', type: 'text', default: '!' }),
    node('say', 'shell', { command: `printf 'hello, %s' "$(cat)"` }, 200),
    node('greeting', 'pipeline-output', { name: 'greeting' }, 400),
    node('punctuation', 'pipeline-output', { name: 'punctuation' }, 400),
  ],
  edges: [
    edge('e1', 'name', 'value', 'say', 'input'),
    edge('e2', 'say', 'stdout', 'greeting', 'value'),
    edge('e3', 'punct', 'value', 'punctuation', 'value'),
  ],
};

/** A run that fails in node "fail", saying why on stderr. */
export const broken: Pipeline = {
  format: FORMAT,
  id: 'broken',
  name: 'Broken',
  nodes: [
    node('reason', 'pipeline-input', { name: 'reason', type: 'text' }),
    node('fail', 'shell', { command: 'echo "it broke: $(cat)" >&2; exit 3' }, 200),
    node('out', 'pipeline-output', { name: 'out' }, 400),
  ],
  edges: [edge('e1', 'reason', 'value', 'fail', 'input'), edge('e2', 'fail', 'stdout', 'out', 'value')],
};

/** Hands its JSON input back; runs nothing unsandboxed. Its id is not a valid tool name as it is. */
export const echo: Pipeline = {
  format: FORMAT,
  id: 'echo.v2',
  name: 'Echo',
  nodes: [
    node('message', 'pipeline-input', { name: 'message', type: 'json' }),
    node('out', 'pipeline-output', { name: 'message' }, 200),
  ],
  edges: [edge('e1', 'message', 'value', 'out', 'value')],
};

/** Waits a minute after its input: long enough to be cancelled. */
export const slow: Pipeline = {
  format: FORMAT,
  id: 'slow',
  name: 'Slow',
  nodes: [
    node('label', 'pipeline-input', { name: 'label', type: 'text' }),
    node('wait', 'shell', { command: 'cat; sleep 60' }, 200),
    node('out', 'pipeline-output', { name: 'out' }, 400),
  ],
  edges: [edge('e1', 'label', 'value', 'wait', 'input'), edge('e2', 'wait', 'stdout', 'out', 'value')],
};

/** No inputs: not a tool. */
const constant: Pipeline = {
  format: FORMAT,
  id: 'constant',
  name: 'Constant',
  nodes: [node('t', 'text', { text: 'same every time' }), node('out', 'pipeline-output', { name: 'text' }, 200)],
  edges: [edge('e1', 't', 'text', 'out', 'value')],
};

/** In another project: listed only by a server scoped to all projects. */
export const elsewhere: Pipeline = { ...echo, id: 'elsewhere', name: 'Elsewhere' };

/** A secret stored in the seeded data folder: its value must never come back from a tool. */
export const SECRET = { name: 'DEPLOY_TOKEN', value: 'pw-secret-7f3a9c1e' };

/** Saves the pipelines above in a data folder: all but `elsewhere` in project "team"; and SECRET. */
export function seedHome(home: string): void {
  const store = Store.open(home);
  try {
    store.secrets.set(SECRET.name, SECRET.value);
    for (const doc of [greet, broken, echo, slow, constant]) store.pipelines.save(doc, 'team');
    store.pipelines.save(elsewhere, 'other');
  } finally {
    store.close();
  }
}

/**
 * Records the progress notifications a client transport receives, as they arrive. The SDK's
 * client hands notifications to their handlers a microtask later but a response at once, so
 * when the last notifications and the result come in one read, `onprogress` misses them: this
 * sees what the server sent, in order.
 */
export function recordProgress(transport: Transport): Array<{ progress: number; total?: number }> {
  const seen: Array<{ progress: number; total?: number }> = [];
  const deliver = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    if ('method' in message && message.method === 'notifications/progress') seen.push(message.params as { progress: number; total?: number });
    deliver(message, extra);
  };
  return seen;
}
