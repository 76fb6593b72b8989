import type { LogChunkInfo } from '../../../preload/contract';
import { humanMessage } from '../api/human-error';

const RED = '\x1b[1;31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Lines of the node's own output repeated under its error when the error does not carry them. */
const TAIL_LINES = 20;

/**
 * What ends a failed node's log in the logs panel: a rule, the error in full, and the last lines
 * the node printed (unless the error already quotes them), so the reason is where the eye lands.
 */
export function errorBlock(error: string, chunks: readonly Pick<LogChunkInfo, 'chunk' | 'stream'>[]): string {
  const text = humanMessage(error).replace(/\r?\n/g, '\r\n');
  const printed = chunks
    .filter((c) => c.stream !== 'info')
    .map((c) => c.chunk)
    .join('');
  const tail = lastLines(printed, TAIL_LINES);
  const quoted = tail === '' || error.includes(tail.split('\n').filter(Boolean).pop() ?? tail);
  const start = printed === '' || printed.endsWith('\n') ? '' : '\r\n';
  let block = `${start}\r\n${RED}✗ failed${RESET}\r\n${text}\r\n`;
  if (!quoted) block += `${DIM}── last lines it printed ──${RESET}\r\n${tail.replace(/\r?\n/g, '\r\n')}\r\n`;
  return block;
}

function lastLines(text: string, n: number): string {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  return lines.slice(-n).join('\n');
}
