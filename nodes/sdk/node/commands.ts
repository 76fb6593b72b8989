import type { DockerApi, RunContext } from '..';
import { OutputTail } from './terminal-text';
import { imageEnvVar } from '../images';

/** What a command left: its exit code and the end of its output. */
export interface CommandResult {
  exitCode: number;
  output: string;
}

export interface CommandRunner {
  /** True when commands run in a sandbox container; false when on this machine. */
  sandboxed: boolean;
  /** The image they run in, when sandboxed. */
  image?: string;
  run(command: string, options: { timeoutMs: number }): Promise<CommandResult>;
}

/** How much of a command's output (UTF-8 bytes) is kept for the model and the report. */
export const OUTPUT_TAIL_BYTES = 12_000;
/** Put before an output whose start was dropped, so the model knows it saw only the end. */
const CUT_MARK = '…';

const stoppedAfter = (ms: number) => `(stopped after ${ms / 1000} s)`;

/** The Docker capability, or why there is none: a host without it throws a NodeError saying so. */
function dockerOf(ctx: RunContext): { docker: DockerApi } | { reason: string } {
  try {
    return { docker: ctx.docker };
  } catch (err) {
    return { reason: (err as Error).message };
  }
}

/** The image to sandbox commands in, or why they cannot be sandboxed here. */
async function sandboxImage(ctx: RunContext, name: string): Promise<{ docker: DockerApi; image: string } | { reason: string }> {
  const found = dockerOf(ctx);
  if ('reason' in found) return found;
  const available = await found.docker.available();
  if (!available.ok) return { reason: available.reason };
  const image = found.docker.defaultImage(name);
  if (!image) return { reason: `no ${name} image is configured (the images.${name} setting, or ${imageEnvVar(name)})` };
  return { docker: found.docker, image };
}

/**
 * Runs the agent's commands and the verify command in `cwd`: in a sandbox container with the
 * folder mounted when Docker and a sandbox image are there, otherwise with a local shell,
 * saying so in the log once. `imageName` is the image's name in the definitions (`sandbox`
 * for Node, `python`, `go`, `java`, `rust`: see SANDBOX_IMAGE).
 */
export async function commandRunner(ctx: RunContext, cwd: string, network: boolean, imageName = 'sandbox'): Promise<CommandRunner> {
  const found = await sandboxImage(ctx, imageName);
  if ('image' in found) {
    const { docker } = found;
    ctx.log(`[commands run in a sandbox container (${found.image})${network ? ' with network access' : ', without network'}]\n`, 'info');
    return {
      sandboxed: true,
      image: found.image,
      async run(command, { timeoutMs }) {
        const tail = new OutputTail(OUTPUT_TAIL_BYTES);
        ctx.log(`$ ${command}\n`, 'info');
        const result = await docker.runSandboxed({
          image: found.image,
          command,
          workspace: cwd,
          network,
          signal: ctx.signal,
          timeoutMs,
          onData: (chunk) => {
            tail.push(chunk);
            ctx.log(chunk, 'stdout');
          },
        });
        const output = result.timedOut ? `${tail.text(CUT_MARK)}\n${stoppedAfter(timeoutMs)}` : tail.text(CUT_MARK);
        return { exitCode: result.exitCode, output };
      },
    };
  }
  ctx.log(`[commands run UNSANDBOXED on this machine with a local shell: ${found.reason}]\n`, 'info');
  return {
    sandboxed: false,
    async run(command, { timeoutMs }) {
      const tail = new OutputTail(OUTPUT_TAIL_BYTES);
      ctx.log(`$ ${command}\n`, 'info');
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const result = await ctx.pty.run({
          command,
          cwd,
          signal: AbortSignal.any([ctx.signal, timeout]),
          onData: (chunk) => {
            tail.push(chunk);
            ctx.log(chunk, 'stdout');
          },
        });
        return { exitCode: result.exitCode, output: tail.text(CUT_MARK) };
      } catch (err) {
        if (!timeout.aborted || ctx.signal.aborted) throw err;
        // Like timeout(1): the command was stopped, which the model should hear about.
        return { exitCode: 124, output: `${tail.text(CUT_MARK)}\n${stoppedAfter(timeoutMs)}` };
      }
    },
  };
}
