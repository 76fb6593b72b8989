import { LLM_COMPLEXITIES, LLM_TASKS } from '../../../nodes/sdk';
import { LlmService } from '../../adapters/llm/llm-service';
import { BuiltinModel } from '../../adapters/local-llm/builtin-model';
import { ModelLibrary } from '../../adapters/local-llm/model-library';
import { BUILTIN_ENDPOINT, ENDPOINT_NAME, EndpointsSetting, RouterSetting, readSetting, type Route, type RouteTarget } from '../../adapters/llm/router';
import { LLM_ENDPOINTS, LLM_ROUTER } from '../../settings-keys';
import { Store, defaultHome, secretNameProblem } from '../../store';
import { UsageError, flag, parseCommand, subcommandOf, type OptionTable, type ParsedArgs } from '../args';
import { table } from './history';
import type { Io } from '../io';

const USAGE = `usage:
  pipewright endpoint add NAME --base-url URL --model MODEL [--key-secret SECRET]
  pipewright endpoint list
  pipewright endpoint test NAME
  pipewright endpoint rm NAME
  pipewright endpoint route TASK COMPLEXITY NAME[@MODEL][,NAME[@MODEL]…] | off`;

function endpointsOf(store: Store): EndpointsSetting {
  return readSetting(LLM_ENDPOINTS, EndpointsSetting, store.settings.get(LLM_ENDPOINTS)) ?? {};
}

function routerOf(store: Store): { routes: Route[] } {
  return readSetting(LLM_ROUTER, RouterSetting, store.settings.get(LLM_ROUTER)) ?? { routes: [] };
}

function nameArg(args: ParsedArgs, sub: string): string {
  const name = args.positionals[1];
  if (!name) throw new UsageError(`endpoint ${sub} needs a name: pipewright endpoint ${sub} NAME`);
  if (!ENDPOINT_NAME.test(name)) throw new UsageError(`"${name}" is not a valid endpoint name: use letters, digits, _ . and -`);
  return name;
}

function add(store: Store, args: ParsedArgs, io: Io): number {
  const name = nameArg(args, 'add');
  const baseUrl = flag(args, 'base-url')?.replace(/\/+$/, '');
  const model = flag(args, 'model');
  const keySecret = flag(args, 'key-secret');
  if (!baseUrl || !model) throw new UsageError('endpoint add needs --base-url and --model, such as --base-url http://localhost:11434/v1 --model qwen2.5-coder:7b');
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) throw new UsageError(`--base-url "${baseUrl}" is not an http:// or https:// URL`);
  if (keySecret) {
    const problem = secretNameProblem(keySecret);
    if (problem) throw new UsageError(`--key-secret: ${problem}`);
  }
  const endpoints = endpointsOf(store);
  const existed = name in endpoints;
  endpoints[name] = { baseUrl, model, ...(keySecret ? { apiKeySecret: keySecret } : {}) };
  store.settings.set(LLM_ENDPOINTS, endpoints);
  io.stdout.write(`endpoint ${name} ${existed ? 'replaced' : 'saved'}: ${baseUrl}, model ${model}; check it with pipewright endpoint test ${name}\n`);
  if (keySecret && !store.secrets.has(keySecret)) {
    io.stderr.write(`warning: the secret ${keySecret} is not set yet: pipewright secret set ${keySecret}\n`);
  }
  return 0;
}

function list(store: Store, args: ParsedArgs, io: Io): number {
  const endpoints = endpointsOf(store);
  const { routes } = routerOf(store);
  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify({ endpoints, routes })}\n`);
    return 0;
  }
  const names = Object.keys(endpoints);
  // The model inside Pipewright is an endpoint too, though no setting holds it.
  const local = new ModelLibrary(defaultHome()).defaultModel()?.id;
  if (!names.length) {
    io.stdout.write(
      local
        ? `no endpoints yet: every call goes to the built-in model (builtin, model ${local}); add one with pipewright endpoint add NAME --base-url URL --model MODEL\n`
        : 'no endpoints yet (pipewright endpoint add NAME --base-url URL --model MODEL), and no built-in model (pipewright models pull qwen2.5-coder-1.5b)\n',
    );
    return 0;
  }
  io.stdout.write(
    table([['NAME', 'BASE URL', 'MODEL', 'KEY SECRET'], ...names.map((n) => [n, endpoints[n].baseUrl, endpoints[n].model, endpoints[n].apiKeySecret ?? ''])]),
  );
  if (local) io.stdout.write(`(and builtin, the model inside Pipewright: ${local}, for the routes that name it)\n`);
  if (routes.length) {
    io.stdout.write('\n');
    io.stdout.write(
      table([
        ['TASK', 'COMPLEXITY', 'ENDPOINTS (in fallback order)'],
        ...routes.map((r) => [r.task, r.complexity, r.use.map((t) => (t.model ? `${t.endpoint}@${t.model}` : t.endpoint)).join(', ')]),
      ]),
    );
  }
  return 0;
}

/** `endpoint test builtin`: loads the default installed model and has it say one token. */
async function testBuiltin(io: Io): Promise<number> {
  const builtin = BuiltinModel.forHome(defaultHome());
  const model = builtin.library.defaultModel();
  if (!model) {
    io.stdout.write('builtin: no model is installed: pipewright models pull qwen2.5-coder-1.5b, or pipewright models add FILE.gguf\n');
    return 1;
  }
  const started = performance.now();
  try {
    await builtin.host.chat(model.path, { messages: [{ role: 'user', content: 'Say OK.' }], maxTokens: 1 });
    const loaded = builtin.host.status()!;
    io.stdout.write(
      `builtin: the model inside Pipewright answers with ${model.id} in ${Math.round(performance.now() - started)} ms ` +
        `(on ${loaded.gpu ? `the GPU (${loaded.gpu})` : 'the CPU'}, ${loaded.contextSize} tokens of context, ${loaded.threads} ${loaded.threads === 1 ? 'thread' : 'threads'})\n`,
    );
    return 0;
  } catch (err) {
    io.stdout.write(`builtin: ${model.id} does not answer: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await builtin.dispose();
  }
}

async function test(store: Store, args: ParsedArgs, io: Io): Promise<number> {
  const name = nameArg(args, 'test');
  if (name === BUILTIN_ENDPOINT && !(name in endpointsOf(store))) return testBuiltin(io);
  const endpoint = endpointsOf(store)[name];
  if (!endpoint) throw new UsageError(`no endpoint named ${name} (see pipewright endpoint list)`);
  const models = await new LlmService({ store, retry: { attempts: 2, baseDelayMs: 300, maxDelayMs: 1000 } }).models(endpoint);
  if (models.includes(endpoint.model)) {
    io.stdout.write(`${name}: ${endpoint.baseUrl} answers and serves ${endpoint.model} (${models.length} model${models.length === 1 ? '' : 's'})\n`);
    return 0;
  }
  const shown = models.slice(0, 20).join(', ') + (models.length > 20 ? ', …' : '');
  io.stdout.write(
    `${name}: ${endpoint.baseUrl} answers but does not list the model ${endpoint.model}; it serves: ${shown || '(none)'}\n` +
      `fix it with pipewright endpoint add ${name} --base-url ${endpoint.baseUrl} --model <one of them>\n`,
  );
  return 1;
}

function remove(store: Store, args: ParsedArgs, io: Io): number {
  const name = nameArg(args, 'rm');
  const endpoints = endpointsOf(store);
  if (!(name in endpoints)) throw new Error(`no endpoint named ${name} (see pipewright endpoint list)`);
  delete endpoints[name];
  store.settings.set(LLM_ENDPOINTS, Object.keys(endpoints).length ? endpoints : undefined);
  io.stdout.write(`endpoint ${name} removed\n`);
  const routes = routerOf(store).routes.filter((r) => r.use.some((t) => t.endpoint === name));
  for (const r of routes) {
    io.stderr.write(`warning: the route ${r.task} ${r.complexity} still names ${name}; change it with pipewright endpoint route ${r.task} ${r.complexity} …\n`);
  }
  return 0;
}

function route(store: Store, args: ParsedArgs, io: Io): number {
  const [, task, complexity, targets, ...extra] = args.positionals;
  if (!task || !complexity || !targets || extra.length) throw new UsageError(USAGE);
  if (task !== '*' && !(LLM_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`task "${task}" is not one of ${LLM_TASKS.join(', ')} (or * for any)`);
  }
  if (complexity !== '*' && !(LLM_COMPLEXITIES as readonly string[]).includes(complexity)) {
    throw new UsageError(`complexity "${complexity}" is not one of ${LLM_COMPLEXITIES.join(', ')} (or * for any)`);
  }
  const router = routerOf(store);
  const others = router.routes.filter((r) => !(r.task === task && r.complexity === complexity));
  if (targets === 'off') {
    store.settings.set(LLM_ROUTER, others.length ? { routes: others } : undefined);
    io.stdout.write(`route ${task} ${complexity} removed\n`);
    return 0;
  }
  const endpoints = endpointsOf(store);
  const use: RouteTarget[] = targets.split(',').map((t) => {
    const at = t.indexOf('@');
    const endpoint = at === -1 ? t : t.slice(0, at);
    const model = at === -1 ? undefined : t.slice(at + 1);
    if (!(endpoint in endpoints) && endpoint !== BUILTIN_ENDPOINT) throw new UsageError(`no endpoint named ${endpoint}: add it first with pipewright endpoint add ${endpoint} …`);
    return model ? { endpoint, model } : { endpoint };
  });
  const next: Route = { task: task as Route['task'], complexity: complexity as Route['complexity'], use };
  store.settings.set(LLM_ROUTER, { routes: [...others, next] });
  io.stdout.write(`route ${task} ${complexity}: ${targets.split(',').join(', then ')}\n`);
  return 0;
}

/** `pipewright endpoint add|list|test|rm|route`: the named endpoints and the router's table. */
export async function endpointCommand(argv: readonly string[], io: Io): Promise<number> {
  const sub = subcommandOf(argv);
  const known: Record<string, OptionTable> = {
    add: { 'base-url': 'value', model: 'value', 'key-secret': 'value' },
    list: { json: 'flag' },
    test: {},
    rm: {},
    route: {},
  };
  if (!sub || !Object.hasOwn(known, sub)) throw new UsageError(USAGE);
  const args = parseCommand(argv, `endpoint ${sub}`, known[sub]);
  const store = Store.open(defaultHome());
  try {
    if (sub === 'add') return add(store, args, io);
    if (sub === 'list') return list(store, args, io);
    if (sub === 'test') return await test(store, args, io);
    if (sub === 'rm') return remove(store, args, io);
    return route(store, args, io);
  } finally {
    store.close();
  }
}
