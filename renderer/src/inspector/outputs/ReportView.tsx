import { summarizeReport } from './report';

/** A test or build report as a person reads it: counts first, then what failed, then the facts. */
export function ReportView({ report }: { report: Record<string, unknown> }) {
  const s = summarizeReport(report);
  return (
    <div className="report-view" data-testid="report-view">
      {s.tests && (
        <div className={`report-tests ${s.tests.failed ? 'bad' : 'good'}`}>
          <strong>{s.tests.passed}</strong> passed · <strong>{s.tests.failed}</strong> failed
        </div>
      )}
      {s.failing.length > 0 && (
        <div>
          <div className="field-label">Failing tests</div>
          <ul className="report-failing">
            {s.failing.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      )}
      {s.checks.length > 0 && (
        <ul className="report-checks">
          {s.checks.map((c, i) => (
            <li key={i} className={c.passed ? 'ok' : 'bad'}>
              <span aria-label={c.passed ? 'passed' : 'failed'}>{c.passed ? '✓' : '✗'}</span> <code>{c.label}</code>
              {c.detail && <span className="faint"> · {c.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {s.facts.length > 0 && (
        <dl className="report-facts">
          {s.facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
