import { BuiltinModel } from '../../adapters/local-llm/builtin-model';
import { ModelLibrary } from '../../adapters/local-llm/model-library';
import { serveOpenAi } from '../../adapters/local-llm/openai-server';
import type { DownloadProgress } from '../../adapters/local-llm/download';
import { defaultHome } from '../../store';
import { UsageError, flag, intFlag, parseCommand, subcommandOf, type OptionTable } from '../args';
import { table } from './history';
import type { Io } from '../io';

const USAGE = `usage:
  pipewright models list [--json]
  pipewright models pull MODEL
  pipewright models add FILE.gguf [--name NAME]
  pipewright models rm MODEL
  pipewright models serve [--port N]`;

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export function progressLine(id: string, p: DownloadProgress): string {
  const of = p.totalBytes ? ` of ${formatBytes(p.totalBytes)} (${Math.floor((p.receivedBytes / p.totalBytes) * 100)}%)` : '';
  const left = p.secondsLeft !== undefined ? `, ${formatSeconds(p.secondsLeft)} left` : '';
  return `${id}: ${formatBytes(p.receivedBytes)}${of}, ${formatBytes(p.bytesPerSecond)}/s${left}`;
}

function list(library: ModelLibrary, json: boolean, io: Io): number {
  const rows = library.list();
  if (json) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  io.stdout.write(
    table([
      ['MODEL', 'NAME', 'FOR', 'SIZE', 'LICENCE', 'INSTALLED'],
      ...rows.map((r) => [
        r.id,
        r.name,
        r.for ?? '',
        formatBytes(r.bytes),
        r.licence ?? '',
        r.installed ? (r.source === 'added' ? `yes: ${r.path}` : 'yes') : r.partBytes ? `no (${formatBytes(r.partBytes)} downloaded: pull to resume)` : 'no',
      ]),
    ]),
  );
  if (!rows.some((r) => r.installed)) io.stdout.write('\nnone installed yet: pipewright models pull MODEL, or pipewright models add FILE.gguf\n');
  return 0;
}

async function pull(library: ModelLibrary, id: string, io: Io): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let last = 0;
  let shown = false;
  try {
    const model = await library.pull(id, {
      signal: controller.signal,
      onProgress: (p) => {
        // A terminal gets one line redrawn; a log gets a line every few seconds and the last one.
        if (io.stderr.isTTY) {
          io.stderr.write(`\r\x1b[2K${progressLine(id, p)}`);
          shown = true;
        } else if (Date.now() - last > 5000 || p.receivedBytes === p.totalBytes) {
          last = Date.now();
          io.stderr.write(`${progressLine(id, p)}\n`);
        }
      },
    });
    if (shown) io.stderr.write('\n');
    io.stdout.write(`${model.id} is installed: ${model.path} (${formatBytes(model.bytes)}, sha256 ${model.sha256})\n`);
    return 0;
  } catch (err) {
    if (shown) io.stderr.write('\n');
    if (controller.signal.aborted) {
      io.stderr.write(`pipewright: the pull of ${id} was stopped; run it again to resume where it stopped\n`);
      return 130;
    }
    throw err;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

/** Serves the built-in model on 127.0.0.1 with a fresh token until Ctrl+C. */
async function serve(port: number | undefined, io: Io): Promise<number> {
  const builtin = BuiltinModel.forHome(defaultHome());
  if (!builtin.models().length) throw new Error('no model is installed to serve: pipewright models pull qwen2.5-coder-1.5b, or pipewright models add FILE.gguf');
  const server = await serveOpenAi(builtin, { port }).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? new UsageError(`port ${port} on 127.0.0.1 is in use: choose another with --port N, or leave it out for a free one`) : err;
  });
  io.stdout.write(
    `serving the built-in model (${builtin.models().join(', ')}) at ${server.url}\n` +
      `API key: ${server.token}\n` +
      `(an OpenAI-compatible endpoint for this machine only; Ctrl+C stops it)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await builtin.dispose();
  return 0;
}

/** `pipewright models list|pull|add|rm|serve`: the built-in model's files in $PIPEWRIGHT_HOME/models. */
export async function modelsCommand(argv: readonly string[], io: Io): Promise<number> {
  const sub = subcommandOf(argv);
  const known: Record<string, OptionTable> = { list: { json: 'flag' }, pull: {}, add: { name: 'value' }, rm: {}, serve: { port: 'value' } };
  if (!sub || !Object.hasOwn(known, sub)) throw new UsageError(USAGE);
  const args = parseCommand(argv, `models ${sub}`, known[sub]);
  const [, target, ...extra] = args.positionals;
  if (sub === 'list' || sub === 'serve') {
    if (target) throw new UsageError(`models ${sub} takes no arguments`);
  } else if (!target || extra.length) {
    throw new UsageError(`models ${sub} needs one ${sub === 'add' ? 'file' : 'model name'}: ${USAGE.split('\n').find((l) => l.includes(`models ${sub}`))!.trim()}`);
  }
  if (sub === 'serve') {
    const port = intFlag(args, 'port', 0);
    if (port !== undefined && port > 65535) throw new UsageError(`--port must be a port number (0 to 65535), got "${port}"`);
    return serve(port, io);
  }
  const library = new ModelLibrary(defaultHome());
  if (sub === 'list') return list(library, args.flags.has('json'), io);
  if (sub === 'pull') return pull(library, target, io);
  if (sub === 'add') {
    const model = await library.add(target, flag(args, 'name'));
    io.stdout.write(`${model.id} is installed: ${model.path} (${formatBytes(model.bytes)}); the endpoint builtin can use it (model ${model.id})\n`);
    return 0;
  }
  if (!library.find(target)) {
    // A pull that was stopped or cut left a part file: rm frees its space.
    const freed = await library.removePart(target);
    if (freed !== undefined) {
      io.stdout.write(`${target} was not installed; its unfinished download was deleted (${formatBytes(freed)} freed)\n`);
      return 0;
    }
  }
  const { model, deletedFile } = await library.remove(target);
  io.stdout.write(deletedFile ? `${model.id} removed, and its file deleted (${formatBytes(model.bytes)} freed)\n` : `${model.id} removed; your file ${model.path} is left where it is\n`);
  return 0;
}
