/** A `report` output read for a person: test counts, failing tests, checks, and the plain facts. */

export interface ReportSummary {
  tests?: { passed: number; failed: number };
  failing: string[];
  /** Checks the node ran (a verify round, a validation), each passed or not. */
  checks: { label: string; passed: boolean; detail?: string }[];
  /** Scalar fields and the sizes of lists, as label and text. */
  facts: [string, string][];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function counts(v: unknown): { passed: number; failed: number } | undefined {
  return isRecord(v) && typeof v.passed === 'number' && typeof v.failed === 'number' ? { passed: v.passed, failed: v.failed } : undefined;
}

/** Names of failing tests from the usual fields: strings, or objects with a name or title. */
function names(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((t) => (typeof t === 'string' ? t : isRecord(t) ? (t.name ?? t.title ?? t.test) : undefined))
    .filter((t): t is string => typeof t === 'string');
}

const FAILING_KEYS = ['failing', 'failures', 'failedTests', 'failed_tests'];
/** Fields shown elsewhere in the summary, or too large to be a fact. */
const NOT_FACTS = new Set(['tests', 'verify', 'checks', ...FAILING_KEYS, 'passed', 'failed']);

function label(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

export function summarizeReport(report: Record<string, unknown>): ReportSummary {
  const checks: ReportSummary['checks'] = [];
  const rounds = Array.isArray(report.verify) ? report.verify : Array.isArray(report.checks) ? report.checks : [];
  let lastCounted: { passed: number; failed: number } | undefined;
  for (const [i, r] of rounds.entries()) {
    if (!isRecord(r)) continue;
    const what = typeof r.command === 'string' ? r.command : typeof r.name === 'string' ? r.name : `check ${i + 1}`;
    const passed = typeof r.passed === 'boolean' ? r.passed : r.ok === true || r.exitCode === 0;
    const n = counts(r.tests);
    if (n) lastCounted = n;
    const detail = [typeof r.round === 'number' ? `round ${r.round}` : '', typeof r.exitCode === 'number' ? `exit code ${r.exitCode}` : '', n ? `${n.passed} passed, ${n.failed} failed` : '']
      .filter(Boolean)
      .join(' · ');
    checks.push({ label: what, passed, ...(detail ? { detail } : {}) });
  }
  const tests = counts(report.tests) ?? counts(report) ?? lastCounted;
  const failing = [...FAILING_KEYS.flatMap((k) => names(report[k])), ...(isRecord(report.tests) ? FAILING_KEYS.flatMap((k) => names((report.tests as Record<string, unknown>)[k])) : [])];
  const facts: [string, string][] = [];
  for (const [k, v] of Object.entries(report)) {
    if (NOT_FACTS.has(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') facts.push([label(k), String(v)]);
    else if (Array.isArray(v)) facts.push([label(k), `${v.length}`]);
    else if (isRecord(v) && Object.values(v).every((x) => typeof x === 'number' || typeof x === 'string'))
      facts.push([label(k), Object.entries(v).map(([a, b]) => `${label(a)} ${b}`).join(', ')]);
  }
  return { ...(tests ? { tests } : {}), failing, checks, facts };
}
