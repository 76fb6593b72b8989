import type Docker from 'dockerode';
import { LABEL } from './labels';

/** What `docker run --gpus all` (or `--gpus '"device=0,1"'`) asks the engine for. */
export function deviceRequests(gpus: 'all' | string[]): Docker.DeviceRequest[] {
  return gpus === 'all'
    ? [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }]
    : [{ Driver: 'nvidia', DeviceIDs: gpus, Capabilities: [['gpu']] }];
}

/** How a person gets GPUs into Docker; shown under every "no GPU" error. */
export const GPU_HELP =
  'Install the NVIDIA driver and the NVIDIA Container Toolkit, register it with Docker ' +
  '(sudo nvidia-ctk runtime configure --runtime=docker) and restart Docker; `docker run --rm --gpus all ubuntu nvidia-smi` should then list your GPUs.';

/** Docker's answer when a container asks for GPUs the engine cannot give. */
export function isGpuError(err: unknown): boolean {
  return /could not select device driver|nvidia-container-cli|nvidia/i.test((err as Error)?.message ?? '');
}

/** An entrypoint no image has: a probe container must never run anything. */
const PROBE_ENTRYPOINT = '/pipewright-gpu-probe-runs-nothing';

/**
 * Whether this engine can give a container NVIDIA GPUs. The nvidia runtime registered with
 * Docker (what the toolkit's documented setup does) answers at once. Without it Docker may
 * still find the toolkit's hook, so a container asking for GPUs is created from an image
 * already here and started: Docker selects the device driver before it looks for the
 * (missing) entrypoint, so the error tells which one failed, and nothing runs or is pulled.
 */
export async function gpuSupport(docker: Docker): Promise<{ ok: true } | { ok: false; reason: string }> {
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
  const runtimes = Object.keys(info.Runtimes ?? {});
  if (runtimes.includes('nvidia')) return { ok: true };
  const noRuntime = `Docker has no "nvidia" runtime (it lists ${runtimes.join(', ') || 'none'})`;
  // Not an image Pipewright built for a node: those come and go with the runs.
  const images = (await docker.listImages()).filter((i) => i.Id && !i.Labels?.[LABEL.project]);
  const smallest = images.sort((a, b) => a.Size - b.Size)[0];
  if (!smallest) return { ok: false, reason: noRuntime };
  let probe: Docker.Container;
  try {
    probe = await docker.createContainer({
      Image: smallest.Id,
      Entrypoint: [PROBE_ENTRYPOINT],
      Cmd: [],
      Labels: { [LABEL.role]: 'probe' },
      HostConfig: { DeviceRequests: deviceRequests('all'), NetworkMode: 'none' },
    });
  } catch {
    return { ok: false, reason: noRuntime };
  }
  try {
    await probe.start();
    return { ok: true };
  } catch (err) {
    if (!isGpuError(err)) return { ok: true };
    // dockerode prefixes the engine's words with "(HTTP code 500) server error - ".
    const said = (err as Error).message.replace(/^\(HTTP code \d+\)[\w ]*-\s*/, '').trim();
    return { ok: false, reason: `${noRuntime}, and it cannot start a container with GPUs: ${said}` };
  } finally {
    await probe.remove({ force: true }).catch(() => undefined);
  }
}
