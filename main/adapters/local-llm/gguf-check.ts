/**
 * Reads a GGUF file's header, metadata and tensor list, checking every count and length against
 * the file's size, before the runtime sees it. node-llama-cpp's own reader trusts them: a file
 * claiming 2^64 tensors, or a tensor of 4 billion dimensions, keeps it reading forever. What
 * this passes, llama.cpp checks further (tensor data within the file) and refuses cleanly.
 *
 * Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (versions 2 and 3).
 */
import { open, type FileHandle } from 'node:fs/promises';

export class GgufError extends Error {
  override name = 'GgufError';
}

const MAGIC = 'GGUF';
/** GGML_MAX_DIMS in llama.cpp. */
const MAX_DIMS = 4;
/** Bytes of each fixed-size metadata value type, by its number in the format. */
const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
const WINDOW = 1024 * 1024;

/** A name read from the file, fit for a message: a damaged file's names are bytes of anything. */
function shown(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

/** A forward-only reader over a window of the file, with every read checked against its end. */
class Reader {
  private buffer = Buffer.alloc(WINDOW);
  /** File offset of buffer[0]. */
  private start = 0;
  private end = 0;
  pos = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  private async need(n: number, what: string): Promise<void> {
    if (this.pos + n > this.size) throw new GgufError(`${what} runs past the end of the file at byte ${this.pos} (the file has ${this.size}): it is cut short or damaged`);
    if (this.pos + n <= this.start + this.end) return;
    if (n > this.buffer.length) this.buffer = Buffer.alloc(n);
    const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.pos);
    this.start = this.pos;
    this.end = bytesRead;
    if (bytesRead < n) throw new GgufError(`${what} could not be read at byte ${this.pos}`);
  }

  async u32(what: string): Promise<number> {
    await this.need(4, what);
    const v = this.buffer.readUInt32LE(this.pos - this.start);
    this.pos += 4;
    return v;
  }

  async u64(what: string): Promise<bigint> {
    await this.need(8, what);
    const v = this.buffer.readBigUInt64LE(this.pos - this.start);
    this.pos += 8;
    return v;
  }

  /** Skips `n` bytes that must lie within the file. */
  skip(n: bigint, what: string): void {
    if (BigInt(this.pos) + n > BigInt(this.size)) {
      throw new GgufError(`${what} says it is ${n} bytes long at byte ${this.pos}, past the end of the file (${this.size} bytes): it is cut short or damaged`);
    }
    this.pos += Number(n);
  }

  async string(what: string, keep = false): Promise<string> {
    const length = await this.u64(`the length of ${what}`);
    if (!keep) {
      this.skip(length, what);
      return '';
    }
    if (length > 65_536n) throw new GgufError(`${what} is ${length} bytes long at byte ${this.pos}: too long for a name, the file is damaged`);
    await this.need(Number(length), what);
    const text = this.buffer.toString('utf8', this.pos - this.start, this.pos - this.start + Number(length));
    this.pos += Number(length);
    return text;
  }

  /** Skips one metadata value of `type`, checking its lengths. */
  async value(type: number, what: string, depth = 0): Promise<void> {
    const scalar = SCALAR_BYTES[type];
    if (scalar !== undefined) return this.skip(BigInt(scalar), what);
    if (type === STRING) return void (await this.string(what));
    if (type !== ARRAY || depth > 0) throw new GgufError(`${what} has the unknown value type ${type} at byte ${this.pos}: the file is damaged, or made for a newer llama.cpp`);
    const itemType = await this.u32(`the item type of ${what}`);
    const count = await this.u64(`the length of ${what}`);
    const itemBytes = SCALAR_BYTES[itemType];
    if (itemBytes !== undefined) return this.skip(count * BigInt(itemBytes), what);
    // Strings (or arrays): each takes at least 8 bytes, so a count the file cannot hold ends here.
    if (count * 8n > BigInt(this.size - this.pos)) {
      throw new GgufError(`${what} says it holds ${count} items at byte ${this.pos}, more than the file (${this.size} bytes) can: it is damaged`);
    }
    for (let i = 0n; i < count; i++) await this.value(itemType, what, depth + 1);
  }
}

export interface GgufSummary {
  version: number;
  tensors: number;
  architecture?: string;
}

/** Reads and checks `path`'s GGUF structure; throws GgufError saying what is wrong and where. */
export async function checkGguf(path: string): Promise<GgufSummary> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const r = new Reader(handle, size);
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (size < 4 || head.toString('latin1') !== MAGIC) {
      throw new GgufError(`it is not a GGUF model file (it does not start with "GGUF"): the built-in model runs GGUF files, such as the ones llama.cpp and Ollama use`);
    }
    r.pos = 4;
    const version = await r.u32('the format version');
    if (version !== 2 && version !== 3) throw new GgufError(`it is GGUF version ${version}, and the runtime reads versions 2 and 3: convert it again with a recent llama.cpp`);
    const tensors = await r.u64('the tensor count');
    const entries = await r.u64('the metadata count');
    // Each metadata entry takes at least 13 bytes and each tensor's description at least 24.
    if (entries * 13n + tensors * 24n > BigInt(size)) {
      throw new GgufError(`it says it holds ${entries} metadata entries and ${tensors} tensors, more than its ${size} bytes can: the file is damaged`);
    }
    let architecture: string | undefined;
    for (let i = 0n; i < entries; i++) {
      const key = await r.string(`metadata key ${i}`, true);
      const type = await r.u32(`the type of metadata "${shown(key)}"`);
      if (key === 'general.architecture' && type === STRING) architecture = shown(await r.string(`metadata "${key}"`, true));
      else await r.value(type, `metadata "${shown(key)}"`);
    }
    for (let i = 0n; i < tensors; i++) {
      const name = await r.string(`the name of tensor ${i}`, true);
      const dims = await r.u32(`the dimension count of tensor "${shown(name)}"`);
      if (dims > MAX_DIMS) throw new GgufError(`tensor "${shown(name)}" says it has ${dims} dimensions at byte ${r.pos}, and llama.cpp allows ${MAX_DIMS}: the file is damaged`);
      r.skip(BigInt(dims * 8 + 4 + 8), `tensor "${shown(name)}"`);
    }
    return { version, tensors: Number(tensors), ...(architecture ? { architecture } : {}) };
  } finally {
    await handle.close();
  }
}
