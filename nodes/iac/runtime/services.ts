import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { IacService } from '../definition';
import { readWorkspaceFileSync, WorkspaceFileError } from '../../sdk/node/workspace-file';

/** Where a workspace says what it needs: its description, its blueprint and its dependency files. */
const DESCRIBING_FILES = [
  'README.md',
  'BLUEPRINT.md',
  'blueprint.md',
  'package.json',
  'requirements.txt',
  'pyproject.toml',
  'go.mod',
  'Cargo.toml',
  'pom.xml',
];

/** Code folders looked through for a client library, not too deep: generated apps are small. */
const CODE_EXTENSIONS = /\.(js|mjs|cjs|ts|py|go|rs|java)$/;
const SKIPPED = new Set(['node_modules', '.git', 'target', '.venv', '__pycache__', 'infra', 'dist', 'build']);

const SIGNS: Record<IacService, RegExp> = {
  postgres: /\b(postgres(ql)?|psycopg2?(-binary)?|asyncpg|"pg"|require\(['"]pg['"]\)|from ['"]pg['"]|jackc\/pgx|lib\/pq|tokio-postgres|sqlx)\b/i,
  redis: /\b(redis|ioredis|go-redis)\b/i,
};

/** Services apps often need that iac has no template for: found, they are named, not skipped in silence. */
const UNSUPPORTED: Record<string, RegExp> = {
  MySQL: /\b(mysql2?|pymysql|mysqlclient|mariadb|go-sql-driver\/mysql)\b/i,
  MongoDB: /\b(mongodb|mongoose|pymongo|mongo-driver)\b/i,
  RabbitMQ: /\b(rabbitmq|amqplib|pika|amqp091-go)\b/i,
  Kafka: /\b(kafka|kafkajs|confluent[-_]kafka)\b/i,
  Elasticsearch: /\b(elasticsearch|opensearch)\b/i,
};

function codeFiles(dir: string, depth = 0): string[] {
  if (depth > 3) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(child, depth + 1));
    else if (entry.isFile() && CODE_EXTENSIONS.test(entry.name)) out.push(child);
  }
  return out;
}

/** The start of a file, enough to find a client library; '' for a link, a FIFO or a device (never read). */
function head(dir: string, file: string): string {
  try {
    return readWorkspaceFileSync(dir, path.relative(dir, file), { maxBytes: 200_000, head: true }) ?? '';
  } catch (err) {
    if (err instanceof WorkspaceFileError) return '';
    throw err;
  }
}

/**
 * The services the app in `dir` needs, each with the file that said so, and those it seems to
 * need that iac does not write (MySQL, MongoDB, …), for the log to name.
 */
export function detectServices(dir: string): { service: IacService; evidence: string }[] & { unsupported: { service: string; evidence: string }[] } {
  const files = [...DESCRIBING_FILES.map((f) => path.join(dir, f)).filter((f) => existsSync(f)), ...codeFiles(dir).slice(0, 200)];
  const texts = new Map<string, string>();
  const text = (file: string) => texts.get(file) ?? texts.set(file, head(dir, file)).get(file)!;
  const hit = (sign: RegExp) => files.find((file) => sign.test(text(file)));
  const found: { service: IacService; evidence: string }[] = [];
  for (const service of Object.keys(SIGNS) as IacService[]) {
    const file = hit(SIGNS[service]);
    if (file) found.push({ service, evidence: path.relative(dir, file) });
  }
  const unsupported: { service: string; evidence: string }[] = [];
  for (const [service, sign] of Object.entries(UNSUPPORTED)) {
    const file = hit(sign);
    if (file) unsupported.push({ service, evidence: path.relative(dir, file) });
  }
  return Object.assign(found, { unsupported });
}
