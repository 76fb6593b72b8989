import type { NodeProgress } from '../../../nodes/sdk';

/**
 * A progress bar a server prints while it starts, as tqdm draws it (Hugging Face downloads in
 * vLLM, its checkpoint loading): `model-00001-of-00002.safetensors:  45%|████▌ | 2.2G/5.0G [...]`.
 */
const TQDM = /^(.*?):?\s*(\d{1,3})%\s*\|/;

/** The progress a service's log line shows, if it is such a bar; the text before it is the label. */
export function downloadProgress(line: string): NodeProgress | undefined {
  const m = TQDM.exec(line.trim());
  if (!m) return undefined;
  const done = Number(m[2]);
  if (done > 100) return undefined;
  // tqdm's prefix names what moves: the file being downloaded, the files being fetched.
  const what = m[1].replace(/:$/, '').trim().slice(0, 80);
  return { done, total: 100, ...(what ? { label: what } : {}) };
}
