import type Docker from 'dockerode';

/**
 * A container without a terminal sends stdout and stderr as frames: 1 byte stream, 3 zero
 * bytes, a 4-byte big-endian length, then the payload. Anything else is raw terminal output.
 */
export function demuxLogs(buf: Buffer): string {
  const looksFramed = buf.length >= 8 && buf[0] <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  if (!looksFramed) return buf.toString('utf8');
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const size = buf.readUInt32BE(at + 4);
    parts.push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The last `tail` lines a container printed (both streams, in order). */
export async function containerLogs(container: Docker.Container, tail: number): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  } catch (err) {
    return `(its logs could not be read: ${(err as Error).message})`;
  }
}
