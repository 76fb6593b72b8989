import { memoryBytes, type IacService } from '../definition';

/** Everything the templates need to know about the app, decided once from params and files. */
export interface IacPlan {
  /** A Kubernetes-safe name: the compose project, the image, the Deployment. */
  name: string;
  language: 'node' | 'python' | 'go' | 'java' | 'rust' | 'static';
  /** The port the app listens on inside its container. */
  port: number;
  /** The port published on 127.0.0.1. */
  hostPort: number;
  healthPath: string;
  services: IacService[];
  /** Kubernetes quantities. */
  cpu: string;
  memory: string;
  replicas: number;
}

/** Secret values the files reference and never hold: each is a variable set where they run. */
export function secretVariables(plan: IacPlan): string[] {
  return plan.services.includes('postgres') ? ['POSTGRES_PASSWORD'] : [];
}

/** The database the app gets: user and database named after it, reached under the host `db`. */
export const DB = { host: 'db', user: 'app', database: 'app', port: 5432 } as const;
export const REDIS = { host: 'redis', port: 6379 } as const;

/** CPU as compose's `cpus` wants it: 500m → 0.5. */
export function cpusOf(quantity: string): string {
  return quantity.endsWith('m') ? String(Number(quantity.slice(0, -1)) / 1000) : quantity;
}

/** Memory as compose's `mem_limit` wants it, in the largest whole unit: 256Mi → 256m, 1.5Gi → 1536m. */
export function memOf(quantity: string): string {
  const bytes = Math.round(memoryBytes(quantity) ?? 0);
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** `s` as one word for sh: single-quoted, its own quotes closed and escaped. */
const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A command the app's own image can run to ask its health path: node and python have no wget;
 * the others may have wget or curl. The URL is quoted for each language (a path may hold `'`,
 * `&` or `;`), never pasted into code.
 */
export function healthCommand(plan: IacPlan): string[] {
  const url = `http://127.0.0.1:${plan.port}${plan.healthPath}`;
  switch (plan.language) {
    case 'node':
      return ['node', '-e', `fetch(${JSON.stringify(url)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`];
    case 'python':
      return ['python3', '-c', `import sys,urllib.request; sys.exit(0 if urllib.request.urlopen(${JSON.stringify(url)}, timeout=3).status == 200 else 1)`];
    default:
      return ['sh', '-c', `wget -q -O /dev/null ${shellWord(url)} || curl -fsS -o /dev/null ${shellWord(url)} || exit 1`];
  }
}
