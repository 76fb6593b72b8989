import { DEFAULT_ENGINE } from '../../adapters/docker/engine-name';
import { openHost } from '../../host';
import { listServices, serviceLogs, stopService, type ServicesDeps } from '../../services';
import { defaultHome } from '../../store';
import { UsageError, flag, intFlag, parseCommand, subcommandOf, type ParsedArgs } from '../args';
import type { Io } from '../io';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n';
}

const when = (ms: number | undefined) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '');

async function list(deps: ServicesDeps, args: ParsedArgs, io: Io): Promise<number> {
  const result = await listServices(deps, { projectId: flag(args, 'project') });
  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return result.available ? 0 : 1;
  }
  if (!result.available) io.stderr.write(`pipewright: ${result.reason}\n`);
  else for (const d of result.down ?? []) io.stderr.write(`pipewright: engine ${d.engine} does not answer, so its services are not listed: ${d.reason}\n`);
  if (result.services.length === 0) {
    if (result.available) io.stdout.write('no services running (a Build & Deploy node with keep on starts one)\n');
  } else {
    // Which engine each runs on, once there is more than the default one to tell apart.
    const engines = result.services.some((s) => s.engine && s.engine !== DEFAULT_ENGINE);
    io.stdout.write(
      table([
        ['NAME', 'STATUS', 'URL', 'PROJECT', 'NODE', ...(engines ? ['ENGINE'] : []), 'STARTED'],
        ...result.services.map((s) => [
          s.name,
          `${s.status}${s.keep ? '' : ' (until its run ends)'}`,
          s.url ?? '',
          s.projectId ?? '',
          s.nodeId ?? '',
          ...(engines ? [s.engine ?? 'local process'] : []),
          when(s.startedAt),
        ]),
      ]),
    );
  }
  return result.available ? 0 : 1;
}

/**
 * `pipewright services [--project ID]`, `services logs <name> [--tail N]`, `services stop <name>`.
 * Containers are listed from Docker's labels and local processes from their records in the
 * data folder, so what earlier runs and sessions started shows.
 */
export async function servicesCommand(argv: readonly string[], io: Io): Promise<number> {
  const sub = subcommandOf(argv);
  const args =
    sub === 'logs' || sub === 'stop'
      ? parseCommand(argv, `services ${sub}`, sub === 'logs' ? { tail: 'value' } : {})
      : parseCommand(argv, 'services', { project: 'value', json: 'flag' });
  const [action, target, ...extra] = args.positionals;
  const host = openHost({ home: defaultHome() });
  try {
    const deps: ServicesDeps = { docker: host.docker, local: host.localServices, redact: (text) => host.store.secrets.matcher().redact(text) };
    if (action === undefined) return await list(deps, args, io);
    if (action !== 'logs' && action !== 'stop') {
      throw new UsageError(`unknown services action "${action}" (use: services, services logs <name>, services stop <name>)`);
    }
    if (!target) throw new UsageError(`services ${action} needs the name of a service (see pipewright services)`);
    if (extra.length) throw new UsageError(`services ${action} takes one name, got also: ${extra.join(' ')}`);
    if (action === 'logs') {
      const text = await serviceLogs(deps, target, intFlag(args, 'tail', 1) ?? 200);
      io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
      return 0;
    }
    const stopped = await stopService(deps, target);
    io.stdout.write(stopped.kind === 'local' ? `stopped ${stopped.name} and every process it started\n` : `stopped and removed ${stopped.name}\n`);
    return 0;
  } finally {
    host.close();
  }
}
