/**
 * Writes a stand-in model: a tiny llama-architecture GGUF with random weights (a few hundred
 * kilobytes) that the real llama.cpp runtime loads in milliseconds. Its answers are garbage but
 * repeatable, which is all tests of loading, streaming, cancelling, constrained output,
 * accounting and unloading need. No real weights are reachable from CI.
 *
 * Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (version 3, little-endian).
 */
import { writeFileSync } from 'node:fs';

const GGUF_MAGIC = 0x46554747; // "GGUF"
const ALIGNMENT = 32;

const enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  String = 8,
  Array = 9,
}

type MetaValue =
  | { type: ValueType.Uint32 | ValueType.Int32 | ValueType.Float32; value: number }
  | { type: ValueType.String; value: string }
  | { type: ValueType.Array; of: ValueType.String; values: string[] }
  | { type: ValueType.Array; of: ValueType.Float32 | ValueType.Int32; values: number[] };

const u32 = (value: number): MetaValue => ({ type: ValueType.Uint32, value });
const f32 = (value: number): MetaValue => ({ type: ValueType.Float32, value });
const str = (value: string): MetaValue => ({ type: ValueType.String, value });

/** Appends little-endian values to a growing list of buffers. */
class Writer {
  readonly parts: Buffer[] = [];
  size = 0;
  private push(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  raw(b: Buffer): void {
    this.push(b);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.size % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
}

function writeValue(w: Writer, v: MetaValue): void {
  w.u32(v.type);
  if (v.type === ValueType.String) return w.string(v.value);
  if (v.type === ValueType.Array) {
    w.u32(v.of);
    w.u64(v.values.length);
    for (const item of v.values) {
      if (v.of === ValueType.String) w.string(item as string);
      else if (v.of === ValueType.Int32) w.i32(item as number);
      else w.f32(item as number);
    }
    return;
  }
  if (v.type === ValueType.Uint32) w.u32(v.value);
  else if (v.type === ValueType.Int32) w.i32(v.value);
  else w.f32(v.value);
}

/** A seeded generator (mulberry32), so the same seed writes the same weights. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** SentencePiece-style vocabulary: unknown, begin, end, 256 byte tokens, printable ASCII. */
function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3]; // unknown, control, control
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // byte
  }
  for (let c = 0x20; c < 0x7f; c++) {
    tokens.push(c === 0x20 ? '\u2581' : String.fromCharCode(c));
    types.push(1); // normal
  }
  return { tokens, scores: tokens.map((_, i) => -i), types };
}

export interface StandInModelOptions {
  seed?: number;
  embedding?: number;
  layers?: number;
  contextLength?: number;
  name?: string;
}

export interface StandInModel {
  path: string;
  bytes: number;
  vocabularySize: number;
}

/**
 * Writes the stand-in model to `path`. The end-of-text token's output row is zero, so greedy
 * decoding never picks it and an answer runs until its token limit: generation lasts long
 * enough to be watched and cancelled.
 */
export function writeStandInModel(path: string, options: StandInModelOptions = {}): StandInModel {
  const nEmbd = options.embedding ?? 64;
  const nLayers = options.layers ?? 2;
  const nHead = 4;
  const nFf = nEmbd * 2;
  const ctx = options.contextLength ?? 4096;
  const rand = random(options.seed ?? 16);
  const vocab = vocabulary();
  const nVocab = vocab.tokens.length;

  const metadata: [string, MetaValue][] = [
    ['general.architecture', str('llama')],
    ['general.name', str(options.name ?? 'Pipewright stand-in model')],
    ['general.alignment', u32(ALIGNMENT)],
    ['llama.context_length', u32(ctx)],
    ['llama.embedding_length', u32(nEmbd)],
    ['llama.block_count', u32(nLayers)],
    ['llama.feed_forward_length', u32(nFf)],
    ['llama.attention.head_count', u32(nHead)],
    ['llama.attention.head_count_kv', u32(nHead)],
    ['llama.rope.dimension_count', u32(nEmbd / nHead)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    ['tokenizer.ggml.model', str('llama')],
    ['tokenizer.ggml.tokens', { type: ValueType.Array, of: ValueType.String, values: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: ValueType.Array, of: ValueType.Float32, values: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: ValueType.Array, of: ValueType.Int32, values: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
  ];

  // Dimensions as GGUF lists them: the innermost (row length) first.
  const tensors: { name: string; dims: number[]; fill: 'random' | 'ones' | 'output' }[] = [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab], fill: 'random' },
    { name: 'output_norm.weight', dims: [nEmbd], fill: 'ones' },
    { name: 'output.weight', dims: [nEmbd, nVocab], fill: 'output' },
  ];
  for (let l = 0; l < nLayers; l++) {
    tensors.push(
      { name: `blk.${l}.attn_norm.weight`, dims: [nEmbd], fill: 'ones' },
      { name: `blk.${l}.attn_q.weight`, dims: [nEmbd, nEmbd], fill: 'random' },
      { name: `blk.${l}.attn_k.weight`, dims: [nEmbd, nEmbd], fill: 'random' },
      { name: `blk.${l}.attn_v.weight`, dims: [nEmbd, nEmbd], fill: 'random' },
      { name: `blk.${l}.attn_output.weight`, dims: [nEmbd, nEmbd], fill: 'random' },
      { name: `blk.${l}.ffn_norm.weight`, dims: [nEmbd], fill: 'ones' },
      { name: `blk.${l}.ffn_gate.weight`, dims: [nEmbd, nFf], fill: 'random' },
      { name: `blk.${l}.ffn_up.weight`, dims: [nEmbd, nFf], fill: 'random' },
      { name: `blk.${l}.ffn_down.weight`, dims: [nFf, nEmbd], fill: 'random' },
    );
  }

  const w = new Writer();
  w.u32(GGUF_MAGIC);
  w.u32(3);
  w.u64(tensors.length);
  w.u64(metadata.length);
  for (const [key, value] of metadata) {
    w.string(key);
    writeValue(w, value);
  }
  const datas: Buffer[] = [];
  let offset = 0;
  for (const t of tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    const data = Buffer.alloc(count * 4);
    for (let i = 0; i < count; i++) {
      let v: number;
      if (t.fill === 'ones') v = 1;
      else if (t.fill === 'output' && Math.floor(i / nEmbd) === 2) v = 0; // the end-of-text row
      else v = (rand() - 0.5) * 0.5;
      data.writeFloatLE(v, i * 4);
    }
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(0); // F32
    w.u64(offset);
    const padded = Math.ceil(data.length / ALIGNMENT) * ALIGNMENT;
    datas.push(data, Buffer.alloc(padded - data.length));
    offset += padded;
  }
  w.padTo(ALIGNMENT);
  for (const d of datas) w.raw(d);
  const file = Buffer.concat(w.parts);
  writeFileSync(path, file);
  return { path, bytes: file.length, vocabularySize: nVocab };
}
