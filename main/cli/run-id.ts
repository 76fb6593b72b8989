import type { RunStore } from '../store/runs';
import { UsageError } from './args';

/** Candidates listed in an error: enough to pick from, short enough to read. */
const SHOWN = 5;

const describe = (r: { id: string; pipelineId: string; status: string; startedAt: number }) =>
  `  ${r.id}  ${r.pipelineId}  ${r.status}  ${new Date(r.startedAt).toISOString().replace('T', ' ').slice(0, 19)}`;

/**
 * The full id of the run `given` names: the id itself, or the one run whose id starts with it
 * (the UI shows ids cut to 8 characters, and people copy what they see). An unknown or
 * ambiguous prefix is refused with the runs it could have meant.
 */
export function resolveRunId(runs: RunStore, given: string): string {
  if (runs.get(given)) return given;
  const matches = runs.list({ idPrefix: given, limit: SHOWN + 1 });
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) {
    const more = matches.length > SHOWN ? '\n  … and more' : '';
    throw new UsageError(
      `"${given}" starts the ids of more than one run; give more of the id:\n${matches.slice(0, SHOWN).map(describe).join('\n')}${more}`,
    );
  }
  const recent = runs.list({ limit: SHOWN });
  throw new UsageError(
    recent.length
      ? `no run has an id starting with "${given}"; the newest runs are:\n${recent.map(describe).join('\n')}\n(see pipewright runs for more)`
      : `no run has an id starting with "${given}": there are no runs yet`,
  );
}
