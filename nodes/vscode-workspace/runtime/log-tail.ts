import { closeSync, openSync, readSync, statSync } from 'node:fs';

const LOG_TAIL_BYTES = 64 * 1024;
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The last `lines` non-blank lines of terminal output, colour codes left out. */
export function lastLines(text: string, lines: number): string {
  return text
    .replace(CSI, '')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(-lines)
    .join('\n');
}

/** The end of a log file, colour codes and blank lines left out. */
export function logTail(file: string, lines: number): string {
  let fd: number | undefined;
  try {
    const size = statSync(file).size;
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fd = openSync(file, 'r');
    readSync(fd, buffer, 0, length, size - length);
    return lastLines(buffer.toString('utf8'), lines);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

