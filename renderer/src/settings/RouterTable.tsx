import { LLM_COMPLEXITIES, LLM_TASKS } from '../../../nodes/sdk';
import type { RouterSetting } from '../../../preload/contract';
import { useSettings } from '../state/settings';
import { reportError } from '../state/ui';

type Route = RouterSetting['routes'][number];
type Target = Route['use'][number];

const TASKS = [...LLM_TASKS, '*'] as const;
const COMPLEXITIES = [...LLM_COMPLEXITIES, '*'] as const;
/** The name routes use for the built-in local model (main/adapters/llm/router.ts). */
const BUILTIN = 'builtin';

const taskLabel = (task: string) => (task === '*' ? 'any task' : task.replace(/_/g, ' '));
const complexityLabel = (c: string) => (c === '*' ? 'any' : c);

/**
 * The router as a table: one row per task, one column per complexity, and in each cell the
 * endpoints to try in order (a select per endpoint, one more to add a fallback). A cell left
 * empty has no route of its own: the closest "any" route answers, else the endpoint called
 * `default`. Every change is saved at once through the llm.router setting.
 */
export function RouterTable() {
  const router = useSettings((s) => s.values['llm.router']);
  const endpoints = useSettings((s) => s.values['llm.endpoints']) ?? {};
  const routes = router?.routes ?? [];
  const names = [...Object.keys(endpoints), BUILTIN];
  const cell = (task: string, complexity: string) => routes.find((r) => r.task === task && r.complexity === complexity)?.use ?? [];
  const setCell = (task: Route['task'], complexity: Route['complexity'], use: Target[]) => {
    const others = routes.filter((r) => !(r.task === task && r.complexity === complexity));
    const next = use.length ? [...others, { task, complexity, use }] : others;
    useSettings
      .getState()
      .set('llm.router', next.length ? { routes: next } : undefined)
      .catch(reportError);
  };
  return (
    <div>
      <p className="faint" style={{ marginTop: 0 }}>
        Which endpoints answer each kind of request, tried in order when one fails. Nodes with no endpoint wired in use this.
      </p>
      <table className="router-table" data-testid="router-table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            {COMPLEXITIES.map((c) => (
              <th key={c} scope="col">
                {complexityLabel(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {TASKS.map((task) => (
            <tr key={task}>
              <th scope="row">{taskLabel(task)}</th>
              {COMPLEXITIES.map((complexity) => {
                const use = cell(task, complexity);
                const where = `${taskLabel(task)}, ${complexityLabel(complexity)}`;
                return (
                  <td key={complexity}>
                    <div className="targets">
                      {[...use, undefined].map((target, i) => {
                        const known = !target || names.includes(target.endpoint);
                        return (
                          <select
                            key={i}
                            className="input"
                            aria-label={`${where}: endpoint ${i + 1}`}
                            value={target?.endpoint ?? ''}
                            onChange={(e) => {
                              const value = e.target.value;
                              const next = value
                                ? i < use.length
                                  ? use.map((t, j) => (j === i ? { endpoint: value, ...(t.endpoint === value && t.model ? { model: t.model } : {}) } : t))
                                  : [...use, { endpoint: value }]
                                : use.filter((_, j) => j !== i);
                              setCell(task, complexity, next);
                            }}
                          >
                            <option value="">{i === 0 ? '—' : i < use.length ? 'remove' : '+ fallback'}</option>
                            {!known && <option value={target!.endpoint}>{target!.endpoint} (not configured)</option>}
                            {names.map((n) => (
                              <option key={n} value={n}>
                                {n}
                                {target?.endpoint === n && target.model ? ` @ ${target.model}` : ''}
                              </option>
                            ))}
                          </select>
                        );
                      })}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
