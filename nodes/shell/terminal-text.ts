/**
 * Turning what a terminal received into plain text for the `stdout` port: colour and cursor
 * codes removed, line endings as `\n`, progress lines (redrawn with `\r`) reduced to their
 * final state. The log keeps the raw stream, so a terminal view can still show colours.
 */

// OSC (titles, links), DCS/PM/APC strings, CSI (colours, cursor), then any other ESC sequence.
// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b(?:\][\s\S]*?(?:\x07|\x1b\\)|[P^_][\s\S]*?\x1b\\|\[[0-?]*[ -/]*[@-~]|[ -/]*[0-~])/g;
// Control characters other than tab and newline (bell, backspace, stray escapes).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function terminalText(raw: string): string {
  return raw
    .replace(ESCAPES, '')
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      if (!line.includes('\r')) return line;
      // What stays on screen after a redraw is the last text written to the line.
      const segments = line.split('\r').filter((s) => s !== '');
      return segments[segments.length - 1] ?? '';
    })
    .join('\n')
    .replace(CONTROLS, '');
}

/** The last `limit` bytes of `text` in UTF-8, never starting inside a character. */
export function lastBytes(text: string, limit: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= limit) return text;
  let start = bytes.length - limit;
  // Skip continuation bytes (10xxxxxx) so the cut falls between characters.
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++;
  return new TextDecoder().decode(bytes.subarray(start));
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * The end of a stream of terminal output, bounded in memory however much is printed. It keeps
 * twice the limit raw, since escape codes take room that the cleaned text does not.
 */
export class OutputTail {
  private chunks: string[] = [];
  private size = 0;
  private dropped = false;
  private readonly keep: number;

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

  text(): string {
    let raw = this.chunks.join('');
    let cut = this.dropped;
    if (raw.length > this.keep) {
      raw = raw.slice(-this.keep);
      cut = true;
    }
    // After a cut the first line is a fragment, possibly half an escape code: drop it.
    if (cut) raw = raw.slice(raw.indexOf('\n') + 1);
    return lastBytes(terminalText(raw), this.limitBytes);
  }
}
