import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { lastLines } from '../../nodes/sdk/node/terminal-text';

/** How much of a log's end is read for a tail: plenty for the lines anyone asks for. */
const TAIL_BYTES = 256 * 1024;
const FOLLOW_EVERY_MS = 200;
function readRange(file: string, from: number, to: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, to - from));
  if (!buffer.length) return buffer;
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The last `lines` non-blank lines of a log file as a terminal shows them; empty when it is missing. */
export function tailFile(file: string, lines: number): string {
  try {
    const size = statSync(file).size;
    return lastLines(readRange(file, Math.max(0, size - TAIL_BYTES), size).toString('utf8'), lines);
  } catch {
    return '';
  }
}

/**
 * Calls `onChunk` with what is appended to `file` from `from` on, polling (the writer is
 * another process); returns the function that stops following, after a last read.
 */
export function followFile(file: string, from: number, onChunk: (chunk: string) => void): () => void {
  let offset = from;
  // A chunk may end inside a multi-byte character: the decoder keeps its first bytes for the next.
  const decoder = new TextDecoder('utf-8');
  const poll = () => {
    try {
      const size = statSync(file).size;
      if (size <= offset) return;
      const bytes = readRange(file, offset, size);
      offset += bytes.length;
      const text = decoder.decode(bytes, { stream: true });
      if (text) onChunk(text);
    } catch {
      // Not written yet, or removed: nothing to pass on.
    }
  };
  const timer = setInterval(poll, FOLLOW_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    poll();
  };
}
