import type { In, Out } from './io';

const CTRL_C = '\u0003';
const BACKSPACES = new Set(['\u007f', '\b']);

interface RawTty extends In {
  setRawMode?(raw: boolean): void;
}

/** Typed at a terminal: nothing is echoed, Enter ends it, Ctrl+C gives up. */
async function readHidden(input: RawTty, prompt: Out): Promise<string> {
  input.setRawMode?.(true);
  let value = '';
  try {
    for await (const chunk of input) {
      for (const ch of typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')) {
        if (ch === '\r' || ch === '\n') return value;
        if (ch === CTRL_C) throw new Error('cancelled; nothing was saved');
        value = BACKSPACES.has(ch) ? value.slice(0, -1) : value + ch;
      }
    }
    return value;
  } finally {
    input.setRawMode?.(false);
    prompt.write('\n');
  }
}

/**
 * A secret's value from standard input: piped (`printf %s "$KEY" | pipewright secret set NAME`,
 * one final line ending dropped), or typed at a terminal without being shown.
 */
export async function readSecretValue(input: In, prompt: Out, name: string): Promise<string> {
  if (input.isTTY) {
    prompt.write(`value for ${name} (not shown; Enter to finish): `);
    return readHidden(input, prompt);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
