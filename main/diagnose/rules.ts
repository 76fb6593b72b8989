import type { DiagnoseContext, Diagnosis } from './diagnosis';

/**
 * Offline rules for the failures people meet most, tried in order; the first that matches
 * answers. Order matters: a missing Python module also prints a traceback, and an image pull
 * that fails also says "not found", so the narrower rules come first.
 */
export interface Rule {
  id: string;
  match(c: DiagnoseContext, text: TextLines): Omit<Diagnosis, 'source'> | undefined;
}

/** The error and the log tail as lines, searched together. */
export class TextLines {
  readonly lines: string[];
  constructor(c: DiagnoseContext) {
    this.lines = `${c.error}\n${c.logTail}`
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /** Lines matching `re`, each once, at most `max`. */
  find(re: RegExp, max = 4): string[] {
    return [...new Set(this.lines.filter((l) => re.test(l)))].slice(0, max);
  }

  first(re: RegExp): RegExpExecArray | undefined {
    for (const l of this.lines) {
      const m = re.exec(l);
      if (m) return m;
    }
    return undefined;
  }
}

/** `path` relative to the workspace when it lies inside it, as a person names the file. */
const relativeTo = (workspace: string | undefined, path: string) => (workspace && path.startsWith(`${workspace}/`) ? path.slice(workspace.length + 1) : path);

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

const GPU = /could not select device driver "?nvidia|unknown or invalid runtime name: nvidia|nvidia-container-cli|no NVIDIA GPU|no GPU|NVIDIA runtime/i;
const IMAGE = /pull access denied|repository does not exist|manifest unknown|manifest for \S+ not found|No such image|failed to resolve reference|unable to find image|image \S+ (?:was )?not found|not found in any registry|no registry|(?:FROM|pull(?:ing)?) \S+\)?:.*(?:lookup \S+.*no such host|i\/o timeout|connection refused)|Pulling \S+ \([^)]+\)\.\.\..*(?:no such host|i\/o timeout|connection refused|denied|not found)/i;
const PORT = /address already in use|port is already allocated|EADDRINUSE|port \d+ (?:on \S+ )?is (?:already )?(?:in use|taken)/i;
const BUDGET = /reached its LLM budget|of its \$[\d.]+ LLM budget|budget (?:is )?(?:exceeded|used up)/i;
const PUSH = /\[rejected\]|failed to push some refs|non-fast-forward|Updates were rejected|\(fetch first\)|push to \S+ was rejected|has commits this repository does not/i;
const OOM = /(?:code|status|exit(?:ed)?)\D{0,12}\b137\b|OOMKilled|out of memory|JavaScript heap out of memory|MemoryError|using more than \S+ \S+ of memory/i;
/** The shell's own word for a process the kernel killed (`Killed`, `line 1:  42 Killed  python app.py`), not any "killed" in a log. */
const SHELL_KILLED = /^Killed\b|\s\d+ Killed\s/;
// An SSH key refused (`Permission denied (publickey)`) is about credentials, not the app's files.
const PERMISSION = /EACCES|Permission denied(?! \(publickey)|PermissionError|operation not permitted|Read-only file system/i;
// An error line starts with its type (`TypeError: …`, `ModuleNotFoundError: …`); one that only holds
// one (a healthcheck's `… HTTPError: HTTP Error 404`) is not a crash.
const TRACEBACK = /Traceback \(most recent call last\)|^\s*at .+:\d+:\d+\)?$|panicked at|^panic:|Exception in thread|Unhandled|^[\w.]*(?:Error|Exception): /;
const HEALTH = /did not answer|health ?check|not healthy|timed out waiting/i;

/** A package manager that could not reach its registry: refused, unresolved, timed out, or a certificate it does not trust. */
const REGISTRY =
  /request to https?:\/\/\S+ failed|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT|ERR_SOCKET_TIMEOUT|EAI_AGAIN|ENOTFOUND \S*registry|npm (?:ERR!|error) code (?:ECONNREFUSED|ETIMEDOUT)|Could not fetch URL|Failed to establish a new connection|certificate verify failed|Temporary failure in name resolution|proxy\.golang\.org.*(?:dial tcp|no such host|timeout)|Could not transfer artifact|spurious network error|failed to download from `|Couldn't resolve host name/i;

interface Dependency {
  manager: string;
  file: string;
  re: RegExp;
}

// Each package manager's way of saying a package is missing; group 1 names it where it can.
const DEPENDENCIES: Dependency[] = [
  { manager: 'pip', file: 'requirements.txt', re: /ModuleNotFoundError: No module named '([^']+)'|No matching distribution found for (\S+)/ },
  { manager: 'npm', file: 'package.json', re: /Cannot find (?:module|package) '([^']+)'|npm ERR! 404 .*'([^']+)'|ERR_MODULE_NOT_FOUND/ },
  { manager: 'go', file: 'go.mod', re: /no required module provides package (\S+)|cannot find package "([^"]+)"|missing go\.sum entry for module providing package (\S+)/ },
  { manager: 'cargo', file: 'Cargo.toml', re: /unresolved import `([^`]+)`|can't find crate for `([^`]+)`|use of undeclared crate or module `([^`]+)`/ },
  { manager: 'maven', file: 'pom.xml', re: /Could not resolve dependencies for project|package ([\w.]+) does not exist|Could not find artifact (\S+)/ },
];

const COMMAND = /(?:exec: "([^"]+)": executable file not found|executable file not found in \$PATH|(?:^|\s|:)([\w./-]+): (?:command )?not found|exec (\S+): no such file or directory|exec (\S+) failed: No such file or directory)/;

/** How nodes say a secret they name is missing: `the secret "X" is not set`, `param secret names "X", which is not set`. */
const SECRET_MISSING = /(?:secret|names) "([^"]+)"[^.\n]*?\bnot set\b/i;

export const RULES: Rule[] = [
  {
    id: 'secret-not-set',
    match: (_c, t) => {
      const m = t.first(SECRET_MISSING);
      if (!m) return undefined;
      return {
        cause: `the node needs the secret "${m[1]}", and no secret of that name is stored`,
        evidence: t.find(SECRET_MISSING),
        fix: `set it (Settings → Secrets, or pipewright secret set ${m[1]}) and run again; its value stays in the secrets store, the pipeline names it only`,
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'invalid-file',
    match: (c, t) => {
      // iac: "a file failed its check: compose.yaml, line 4, field services.app.portz: …";
      // compose-deploy: "compose file /…/compose.yaml is invalid: …".
      const checked = t.first(/(?:a file failed its check|files failed their checks): ([^\s,]+)(?:, line (\d+))?(?:, field ([^\s:]+))?: (.+)$/);
      const compose = checked ? undefined : t.first(/compose file (\S+) is invalid: (.+)$/);
      if (!checked && !compose) return undefined;
      const file = checked ? checked[1] : relativeTo(c.workspace, compose![1]);
      const line = checked?.[2];
      const field = checked?.[3];
      const said = clip((checked ? checked[4] : compose![2]).replace(/^ERROR:\s*/, ''), 240);
      return {
        cause: `${file}${line ? ` (line ${line}${field ? `, field ${field}` : ''})` : ''} is not valid: ${said}`,
        evidence: [checked?.[0] ?? compose![0]],
        fix: `correct ${field ? `${field} in ` : ''}${file}${line ? ` at line ${line}` : ''} as the check says${c.kind === 'iac' ? " (a file with Pipewright's first line can also be deleted, to be written again)" : ''}, then run again`,
        confidence: 'high',
        fixInWorkspace: true,
      };
    },
  },
  {
    id: 'no-gpu',
    match: (_c, t) => {
      const evidence = t.find(GPU);
      if (!evidence.length) return undefined;
      return {
        cause: 'the node asked Docker for an NVIDIA GPU, and this engine has none (or no NVIDIA container runtime)',
        evidence,
        fix: 'run the model server on an engine with an NVIDIA GPU and the NVIDIA Container Toolkit (the node\'s engine param), or use a model that runs on CPU (the built-in model, or Ollama)',
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'image-not-found',
    match: (_c, t) => {
      const evidence = t.find(IMAGE);
      if (!evidence.length) return undefined;
      // docker-compose says "Pulling app (postgres:16)..." before the registry's answer.
      const name = t.first(/\bFROM ([a-z0-9][\w./:@-]*\w)/i)?.[1] ?? t.first(/Pulling \S+ \(([^)]+)\)/)?.[1] ?? t.first(/(?:image|repository|reference|for) "?([a-z0-9][\w./:-]*\w)"?/i)?.[1];
      return {
        cause: `a Docker image${name ? ` (${name})` : ''} is neither on this engine nor in a registry it can reach`,
        evidence,
        fix: 'build or load the image on this engine (docker build / docker load), or point the image setting (Settings → Images, or the FROM line of the Dockerfile) at one the engine has',
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'port-in-use',
    match: (c, t) => {
      const evidence = t.find(PORT);
      if (!evidence.length) return undefined;
      const port = c.params.port ?? t.first(/(?:port |:)(\d{2,5})\b/)?.[1];
      return {
        cause: `the port${port !== undefined ? ` ${String(port)}` : ''} is already taken by another program`,
        evidence,
        fix:
          c.kind === 'compose-deploy'
            ? 'stop the program listening on that port, or publish the app on another one in the compose file (ports: ["127.0.0.1:OTHER:…"]; the iac node writes it from its hostPort param)'
            : `stop the program listening on that port, or set another port in the node's port param (empty picks a free one)`,
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'budget-exceeded',
    match: (_c, t) => {
      const evidence = t.find(BUDGET);
      if (!evidence.length) return undefined;
      const project = t.first(/project "([^"]+)" (?:reached its|has spent)/)?.[1] ?? '<project>';
      return {
        cause: "the project's LLM budget is spent, so the model call was stopped",
        evidence,
        fix: `raise the budget (pipewright budget ${project} <dollars>) or remove it (pipewright budget ${project} off), or route the task to a cheaper or local model`,
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'git-push-rejected',
    match: (_c, t) => {
      const evidence = t.find(PUSH);
      if (!evidence.length) return undefined;
      return {
        cause: 'the remote branch has commits the local one lacks, so git refused the push',
        evidence,
        fix: 'fetch and merge (or rebase onto) the remote branch, then run the node again; or push to a new branch',
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'registry-unreachable',
    match: (_c, t) => {
      const evidence = t.find(REGISTRY);
      if (!evidence.length) return undefined;
      const manager = /npm|yarn|pnpm/i.test(evidence.join('\n'))
        ? 'npm'
        : /pip|pypi|python/i.test(evidence.join('\n'))
          ? 'pip'
          : /cargo|crates\.io/i.test(evidence.join('\n'))
            ? 'cargo'
            : /maven|artifact/i.test(evidence.join('\n'))
              ? 'maven'
              : /proxy\.golang|go: /i.test(evidence.join('\n'))
                ? 'go'
                : undefined;
      return {
        cause: `the build could not reach the ${manager ? `${manager} ` : ''}package registry to download the app's dependencies (no network, a proxy, or a certificate the build does not trust)`,
        evidence,
        fix: 'let Docker builds reach the registry (the engine\'s proxy settings, or the proxy\'s CA certificate added in the Dockerfile), point the package manager at a mirror you can reach, or vendor the dependencies into the workspace',
        confidence: 'high',
        fixInWorkspace: false,
      };
    },
  },
  {
    id: 'missing-dependency',
    match: (_c, t) => {
      for (const dep of DEPENDENCIES) {
        const m = t.first(dep.re);
        if (!m) continue;
        const name = m.slice(1).find(Boolean);
        return {
          cause: `the app uses ${name ? `the ${dep.manager} package "${name}"` : `a ${dep.manager} package`} that its dependencies do not declare, so it was never installed`,
          evidence: t.find(dep.re),
          fix: `add ${name ? `"${name}"` : 'the missing package'} to ${dep.file} (or remove its use), then run again`,
          confidence: 'high',
          fixInWorkspace: true,
        };
      }
      return undefined;
    },
  },
  {
    id: 'command-not-found',
    match: (_c, t) => {
      const m = t.first(COMMAND);
      if (!m) return undefined;
      const name = m.slice(1).find(Boolean);
      return {
        cause: `the command ${name ? `"${name}" ` : ''}is not in the image the node runs`,
        evidence: t.find(COMMAND),
        fix: `install ${name ? `"${name}"` : 'it'} in the Dockerfile (or use a base image that has it), or change the command to one the image has`,
        confidence: 'high',
        fixInWorkspace: true,
      };
    },
  },
  {
    id: 'out-of-memory',
    match: (_c, t) => {
      const evidence = [...t.find(OOM), ...t.find(SHELL_KILLED)].slice(0, 4);
      if (!evidence.length) return undefined;
      return {
        cause: 'the process ran out of memory and was killed (exit 137)',
        evidence,
        fix: 'raise the memory limit of the container, or make the app use less memory (smaller batches, streaming instead of loading everything)',
        confidence: 'medium',
        fixInWorkspace: true,
      };
    },
  },
  {
    id: 'permission-denied',
    match: (_c, t) => {
      const evidence = t.find(PERMISSION);
      if (!evidence.length) return undefined;
      const where = t.first(/(?:open|mkdir|access|Permission denied:?) '?"?(\/[^'"\s,]+)/)?.[1];
      return {
        cause: `the app runs as a non-root user and may not write ${where ? `to ${where}` : 'where it tried to'}`,
        evidence,
        fix: 'write under /tmp or a folder the app owns (create it and chown it to the app user in the Dockerfile), not to root-owned paths',
        confidence: 'high',
        fixInWorkspace: true,
      };
    },
  },
  {
    id: 'crashed-on-start',
    match: (c, t) => {
      const evidence = t.find(TRACEBACK, 2);
      if (!evidence.length) return undefined;
      const at = tracebackFile(`${c.error}\n${c.logTail}`);
      const last = t.lines.filter((l) => /^\w*(Error|Exception)\b|^panic|Error: /.test(l)).pop();
      return {
        cause: `the app crashed on start${last ? `: ${clip(last, 200)}` : ''}`,
        evidence: [...new Set([...evidence, ...(at ? [`${at.file}, line ${at.line}`] : []), ...(last ? [last] : [])])].slice(0, 5),
        fix: `fix the error${at ? ` at ${at.file} line ${at.line}` : ' the traceback ends with'}, then run again`,
        confidence: 'medium',
        fixInWorkspace: true,
      };
    },
  },
  {
    id: 'health-check-timed-out',
    match: (c, t) => {
      const evidence = t.find(HEALTH);
      if (!evidence.length) return undefined;
      const path = typeof c.params.healthPath === 'string' ? c.params.healthPath : undefined;
      // waitForHttp says "last try: HTTP 404 …"; a compose healthcheck "last check: exit 1: … HTTP Error 404 …".
      const status = t.first(/last (?:try|check): ([^)]*)/)?.[1];
      const answered = status !== undefined && /\b[345]\d\d\b/.test(status);
      return {
        cause: answered
          ? `the app answered, but not 2xx on the health path${path ? ` ${path}` : ''} (${status}): the path is wrong`
          : `the app never answered on its health path${path ? ` ${path}` : ''}: it listens on another port or address, or starts too slowly`,
        evidence,
        fix: answered
          ? `set the node's healthPath to a route the app serves with 2xx, or add that route to the app`
          : 'make the app listen on 0.0.0.0 and the port in $PORT, or raise healthTimeoutMs if it starts slowly',
        confidence: 'medium',
        fixInWorkspace: !answered,
      };
    },
  },
];

/** The innermost file and line a Python or Node traceback names, when it names one. */
export function tracebackFile(text: string): { file: string; line: number } | undefined {
  const frames = [...text.matchAll(/File "([^"]+)", line (\d+)|\(?((?:\/|\.\/)[^():\s]+\.[cm]?[jt]s):(\d+):\d+\)?/g)]
    .map((m) => ({ file: m[1] ?? m[3], line: Number(m[2] ?? m[4]) }))
    .filter((f) => !/site-packages|node_modules|^node:|\/usr\/lib\//.test(f.file));
  // Python prints the innermost frame last; Node prints it first.
  return /Traceback \(most recent call last\)/.test(text) ? frames.at(-1) : frames[0];
}

/** The first rule's answer, or undefined when no rule knows this failure. */
export function diagnoseOffline(c: DiagnoseContext): Diagnosis | undefined {
  const text = new TextLines(c);
  for (const rule of RULES) {
    const found = rule.match(c, text);
    if (found) return { source: rule.id, ...found, evidence: found.evidence.map((e) => clip(e)) };
  }
  return undefined;
}
