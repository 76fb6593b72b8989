/**
 * What a terminal shows, as plain text: for errors, stored results and what a model reads.
 * The raw stream still goes to the log, so a terminal view keeps its colours.
 *
 * Node only (it uses node:util), so it is not part of nodes/sdk/index.ts, which the renderer
 * bundles; runtimes and main import this file directly.
 */
import { stripVTControlCharacters } from 'node:util';

/**
 * The sequences that move within or across lines, which decide what stays visible: a line end,
 * a carriage return, a backspace, and CSI cursor-up (A), column (G) and erase-in-line (K).
 * Every other escape code is only removed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MOVES = /(\r*\n)|(\r)|(\x08)|\x1b\[(\d*)([AGK])/g;
// Control characters a string may still hold once escape codes are gone, tab and newline aside.
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** One screen line: what an earlier pass left visible, and what is written since the cursor went to its start. */
interface Line {
  shown: string;
  written: string;
}

const visible = (line: Line) => line.written || line.shown;

/**
 * `raw` as a terminal leaves it on screen: escape codes removed, `\r\n` as `\n`, and each line
 * reduced to the text after its last carriage return (progress bars and spinners redraw a line
 * that way). A program that moves the cursor up to redraw lines (multi-line spinners) replaces
 * them; erasing a line empties it.
 */
export function terminalText(raw: string): string {
  const lines: Line[] = [{ shown: '', written: '' }];
  let row = 0;
  const write = (text: string) => {
    lines[row].written += stripVTControlCharacters(text).replace(CONTROLS, '');
  };
  const toColumnOne = () => {
    const line = lines[row];
    line.shown = visible(line);
    line.written = '';
  };
  let at = 0;
  for (const match of raw.matchAll(MOVES)) {
    write(raw.slice(at, match.index));
    at = match.index + match[0].length;
    const [, newline, carriageReturn, backspace, count, command] = match;
    if (newline) {
      row++;
      if (row === lines.length) lines.push({ shown: '', written: '' });
      else toColumnOne();
    } else if (carriageReturn || command === 'G') {
      toColumnOne();
    } else if (backspace) {
      lines[row].written = lines[row].written.slice(0, -1);
    } else if (command === 'A') {
      row = Math.max(0, row - (Number(count) || 1));
    } else if (command === 'K') {
      // Erasing from the cursor on (0, the default) keeps what was written before it.
      const line = lines[row];
      line.shown = '';
      if (count === '1' || count === '2') line.written = '';
    }
  }
  write(raw.slice(at));
  return lines.map(visible).join('\n');
}

/** The last `count` non-blank lines of terminal output, as {@link terminalText} shows them. */
export function lastLines(raw: string, count: number): string {
  if (count <= 0) return '';
  return terminalText(raw)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .slice(-count)
    .join('\n');
}

/** The last `limit` bytes of `text` in UTF-8, never starting inside a character. */
export function lastBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let start = bytes.length - limit;
  // Skip continuation bytes (10xxxxxx) so the cut falls between characters.
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}

/**
 * The end of a stream of terminal output as text, bounded in memory however much is printed.
 * It keeps twice the limit raw, since escape codes and redrawn lines take room that the text
 * they leave does not.
 */
export class OutputTail {
  private chunks: string[] = [];
  private size = 0;
  private dropped = false;
  private readonly keep: number;

  /** `limitBytes`: the most UTF-8 bytes {@link text} returns. */
  constructor(private readonly limitBytes: number) {
    this.keep = limitBytes * 2;
  }

  push(chunk: string): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0].length >= this.keep) {
      this.size -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  }

  /**
   * The last `limitBytes` of the output, as a terminal shows it; `cutMark` goes in front when
   * its start is no longer there, so a reader knows the output began earlier.
   */
  text(cutMark = ''): string {
    const { text, cut } = this.clean();
    const kept = lastBytes(text, this.limitBytes);
    return cut || kept.length < text.length ? `${cutMark}${kept}` : kept;
  }

  /** The last `count` non-blank lines of the output. */
  lines(count: number): string {
    return lastLines(this.text(), count);
  }

  private clean(): { text: string; cut: boolean } {
    let raw = this.chunks.join('');
    let cut = this.dropped;
    if (raw.length > this.keep) {
      raw = raw.slice(-this.keep);
      cut = true;
    }
    // After a cut the first line is a fragment, possibly half an escape code: drop it.
    if (cut) raw = raw.slice(raw.indexOf('\n') + 1);
    return { text: terminalText(raw), cut };
  }
}
