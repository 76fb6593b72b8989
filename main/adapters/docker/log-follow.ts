import { Writable } from 'node:stream';
import type Docker from 'dockerode';

export interface Redaction {
  name: string;
  value: string;
}

/** `text` with every secret value replaced by `[secret NAME]`. */
export function redact(text: string, secrets: readonly Redaction[] | undefined): string {
  let out = text;
  for (const { name, value } of secrets ?? []) {
    if (value) out = out.split(value).join(`[secret ${name}]`);
  }
  return out;
}

/**
 * Streams what a container prints into `onLine`, whole lines only (a secret split across two
 * chunks is still found), with secrets blanked out, until the returned stop() is called.
 * Progress bars redraw with carriage returns; each redraw counts as a line.
 */
export async function followLogs(
  docker: Docker,
  container: Docker.Container,
  onLine: (line: string) => void,
  secrets?: readonly Redaction[],
): Promise<() => void> {
  let stopped = false;
  // One partial line per stream: stdout and stderr arrive interleaved.
  const sink = () => {
    let pending = '';
    const writable = new Writable({
      write(chunk: Buffer, _enc, done) {
        if (!stopped) {
          pending += chunk.toString('utf8');
          const parts = pending.split(/\r\n|\r|\n/);
          pending = parts.pop() ?? '';
          for (const line of parts) if (line.trim()) onLine(redact(line, secrets));
        }
        done();
      },
    });
    return { writable, rest: () => pending };
  };
  const out = sink();
  const err = sink();
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true, since: 0 })) as unknown as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  docker.modem.demuxStream(stream, out.writable, err.writable);
  stream.on('error', () => undefined);
  return () => {
    if (stopped) return;
    stopped = true;
    // What was printed without a final newline is still worth showing.
    for (const rest of [out.rest(), err.rest()]) if (rest.trim()) onLine(redact(rest, secrets));
    stream.destroy?.();
  };
}
