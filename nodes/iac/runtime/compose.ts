import { toYaml, type YamlData } from '../../sdk/node/yaml';
import { cpusOf, DB, healthCommand, memOf, REDIS, type IacPlan } from './plan';

/** A secret as compose reads it from the environment, refusing to start without it. */
export const requiredVar = (name: string) => `\${${name}:?set ${name} in the environment or in .env}`;

/** A value compose must not interpolate: `$` doubled (a health path may hold one). */
const literal = (s: string) => s.replace(/\$/g, '$$$$');

function appService(plan: IacPlan): { [key: string]: YamlData | undefined } {
  const env: Record<string, YamlData> = { PORT: String(plan.port), HOST: '0.0.0.0' };
  if (plan.services.includes('postgres')) {
    env.DATABASE_URL = `postgresql://${DB.user}:${requiredVar('POSTGRES_PASSWORD')}@${DB.host}:${DB.port}/${DB.database}`;
  }
  if (plan.services.includes('redis')) env.REDIS_URL = `redis://${REDIS.host}:${REDIS.port}/0`;
  const dependsOn: Record<string, YamlData> = {};
  if (plan.services.includes('postgres')) dependsOn[DB.host] = { condition: 'service_healthy' };
  if (plan.services.includes('redis')) dependsOn[REDIS.host] = { condition: 'service_healthy' };
  return {
    build: { context: '.' },
    image: `${plan.name}:latest`,
    // PID 1 that forwards signals: stops take a moment, not the 10 s timeout.
    init: true,
    restart: 'unless-stopped',
    ports: [`127.0.0.1:${plan.hostPort}:${plan.port}`],
    environment: env,
    depends_on: Object.keys(dependsOn).length ? dependsOn : undefined,
    healthcheck: { test: ['CMD', ...healthCommand(plan).map(literal)], interval: '10s', timeout: '3s', retries: 5, start_period: '10s' },
    cpus: cpusOf(plan.cpu),
    mem_limit: memOf(plan.memory),
    read_only: true,
    tmpfs: ['/tmp'],
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
  };
}

function postgresService(): Record<string, YamlData> {
  return {
    // The image is a variable: where no registry serves postgres, a local one is named instead.
    image: '${POSTGRES_IMAGE:-postgres:16}',
    init: true,
    restart: 'unless-stopped',
    environment: { POSTGRES_USER: DB.user, POSTGRES_DB: DB.database, POSTGRES_PASSWORD: requiredVar('POSTGRES_PASSWORD') },
    volumes: ['db-data:/var/lib/postgresql/data'],
    healthcheck: { test: ['CMD', 'pg_isready', '-U', DB.user, '-d', DB.database], interval: '5s', timeout: '3s', retries: 10, start_period: '10s' },
  };
}

function redisService(): Record<string, YamlData> {
  return {
    image: '${REDIS_IMAGE:-redis:7}',
    init: true,
    restart: 'unless-stopped',
    command: ['redis-server', '--appendonly', 'yes'],
    volumes: ['redis-data:/data'],
    healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10 },
  };
}

/** compose.yaml: the app and the services it needs, published on 127.0.0.1 only. */
export function composeFile(plan: IacPlan): string {
  const services: { [key: string]: YamlData | undefined } = { app: appService(plan) };
  const volumes: Record<string, YamlData> = {};
  if (plan.services.includes('postgres')) {
    services[DB.host] = postgresService();
    volumes['db-data'] = {};
  }
  if (plan.services.includes('redis')) {
    services[REDIS.host] = redisService();
    volumes['redis-data'] = {};
  }
  return toYaml(
    { services, volumes: Object.keys(volumes).length ? volumes : undefined },
    `Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.\nThe app ${plan.name} and its services. Secrets are never written here: set them in the environment or in .env\n(see .env.example), then: docker-compose up -d`,
  );
}

/** .env.example: the variables compose.yaml needs, without values. */
export function envExample(secrets: string[]): string {
  const lines = ['# Written by Pipewright: while this line is here, Pipewright rewrites this file on each run.', '# Copy to .env and fill in; .env is kept out of the image and of git.'];
  for (const name of secrets) lines.push(`${name}=`);
  lines.push('# Images where no registry serves the defaults:', '# POSTGRES_IMAGE=postgres:16', '# REDIS_IMAGE=redis:7');
  return `${lines.join('\n')}\n`;
}
