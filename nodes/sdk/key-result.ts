import type { PortSpec } from './define-node';
import { formatDollars } from './dollars';

/** The one line a node shows on the canvas once it has run: its URL, exit code, tests, cost… */
export interface KeyResult {
  text: string;
  /** A link the line opens (a deployed app, a workspace in the browser). */
  href?: string;
  /** How it went: a failed test or a non-zero exit reads as 'bad'. */
  tone?: 'good' | 'bad';
}

type Outputs = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** 1234 → "1.2k", 2500000 → "2.5M": tokens read at a glance. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** US dollars the way a person reads small amounts: $0.0042, $0.015, $12.40 (formatDollars), nothing spent as $0. */
export function dollarsText(usd: number): string {
  return usd === 0 ? '$0' : formatDollars(usd);
}

/** "1.2k tokens · $0.01" from a report's `tokens` and `cost`; undefined when it made no call. */
export function spendText(report: unknown): string | undefined {
  if (!isObject(report) || !isObject(report.tokens)) return undefined;
  const tokens = (num(report.tokens.prompt) ?? 0) + (num(report.tokens.completion) ?? 0);
  if (tokens === 0) return undefined;
  const cost = num(report.cost);
  return `${compactCount(tokens)} tokens${cost !== undefined ? ` · ${dollarsText(cost)}` : ''}`;
}

/** "8/8 tests" from `{ passed, failed }`, bad when any failed. */
export function testsResult(tests: unknown): KeyResult | undefined {
  if (!isObject(tests)) return undefined;
  const passed = num(tests.passed);
  const failed = num(tests.failed);
  if (passed === undefined || failed === undefined || passed + failed === 0) return undefined;
  return { text: `${passed}/${passed + failed} tests`, tone: failed ? 'bad' : 'good' };
}

/** Joins the parts that are there with " · ", the worst tone winning. */
export function joinResults(...parts: (KeyResult | string | undefined)[]): KeyResult | undefined {
  const present = parts.filter((p): p is KeyResult | string => p !== undefined && p !== '').map((p) => (typeof p === 'string' ? { text: p } : p));
  if (!present.length) return undefined;
  const tone = present.some((p) => p.tone === 'bad') ? 'bad' : present.some((p) => p.tone === 'good') ? 'good' : undefined;
  const href = present.find((p) => p.href)?.href;
  return { text: present.map((p) => p.text).join(' · '), ...(href ? { href } : {}), ...(tone ? { tone } : {}) };
}

/** The first line of a text, cut to `max` characters. */
export function textHead(text: string, max = 60): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A short rendering of any value: text head, URL, model, file count, or the shape of JSON. */
export function valueSummary(value: unknown, type?: string): KeyResult | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() ? { text: `“${textHead(value)}”` } : { text: '(empty text)' };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
  if (Array.isArray(value)) return { text: `${value.length} item${value.length === 1 ? '' : 's'}` };
  if (!isObject(value)) return undefined;
  if (typeof value.url === 'string') return { text: value.url, href: value.url };
  if (typeof value.model === 'string' && typeof value.baseUrl === 'string') return { text: `${value.model} at ${value.baseUrl}` };
  if (typeof value.ref === 'string' && type === 'image') return { text: value.ref };
  if (typeof value.branch === 'string' && typeof value.commit === 'string') return { text: `${value.branch} @ ${value.commit.slice(0, 7)}` };
  if (type === 'report' || Array.isArray(value.files) || isObject(value.tests)) {
    const files = Array.isArray(value.files) ? `${value.files.length} file${value.files.length === 1 ? '' : 's'}` : undefined;
    const report = joinResults(files, testsResult(value.tests), spendText(value));
    if (report) return report;
  }
  if (typeof value.path === 'string') return { text: value.path.split(/[\\/]/).filter(Boolean).pop() ?? value.path };
  const keys = Object.keys(value);
  return { text: `{ ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''} }` };
}

/**
 * What a kind shows when its definition declares no `keyResult`: a service's URL first, then a
 * report's figures, then the first output that says something.
 */
export function genericKeyResult(outputs: Outputs, ports: readonly PortSpec[]): KeyResult | undefined {
  const order = ['service', 'report', 'repo', 'endpoint', 'image', 'text', 'json', 'any', 'workspace'];
  const sorted = [...ports].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  for (const port of sorted) {
    const summary = valueSummary(outputs[port.name], port.type);
    if (summary) return summary;
  }
  return undefined;
}
