import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readWorkspaceFileSync } from './workspace-file';
import { NodeError } from '..';

/**
 * What kind of app a workspace holds and how to install and start it, found from its files
 * the way a person would: package.json, requirements.txt / pyproject.toml, go.mod, pom.xml,
 * Cargo.toml, index.html.
 */
export type Stack = NodeStack | PythonStack | GoStack | JavaStack | RustStack | StaticStack;

interface StackBase {
  /** The file that gave it away, for the log. */
  evidence: string;
  /** The port the app listens on (it is also given PORT). */
  port: number;
}

export interface NodeStack extends StackBase {
  kind: 'node';
  dependencies: boolean;
  lockfile: boolean;
  /** package.json has a build script (TypeScript, bundlers): run it, with dev dependencies. */
  build: boolean;
  /** How to start it: `npm start`, or `node <file>` when that is all the start script does. */
  start: string[];
}

export interface PythonStack extends StackBase {
  kind: 'python';
  /** requirements.txt when it lists packages. */
  requirementsFile?: string;
  /** Packages pyproject.toml lists under [project] dependencies. */
  packages: string[];
  /** The start command with `$PORT` and `$HOST` to expand. */
  start: string;
}

export interface GoStack extends StackBase {
  kind: 'go';
  /** The package to build: `.` when the module's root is package main, else `./cmd/<name>`. */
  main: string;
}

export interface JavaStack extends StackBase {
  kind: 'java';
}

export interface RustStack extends StackBase {
  kind: 'rust';
  /** The binary to build and run: the first [[bin]] name, else the package name. */
  binary: string;
}

export interface StaticStack extends StackBase {
  kind: 'static';
}

export const PORTS = { node: 3000, python: 8000, go: 8080, java: 8080, rust: 8080, static: 8080 } as const;

/** What detection looks for, in order: said back when nothing matches. */
export const LOOKED_FOR = [
  'Dockerfile (used as it is)',
  'package.json (Node)',
  'requirements.txt or pyproject.toml (Python)',
  'go.mod (Go)',
  'pom.xml (Java with Maven)',
  'Cargo.toml (Rust)',
  'index.html (static site)',
];

function read(dir: string, file: string): string | undefined {
  // Never a plain readFileSync: a FIFO named package.json would stop the whole process.
  return readWorkspaceFileSync(dir, file);
}

function detectNode(dir: string, text: string): NodeStack {
  let pkg: { scripts?: Record<string, string>; main?: string; dependencies?: Record<string, string> };
  try {
    pkg = JSON.parse(text);
  } catch (err) {
    throw new NodeError(`package.json in ${dir} is not valid JSON (${(err as Error).message}); fix it so the app can be installed`);
  }
  const startScript = pkg.scripts?.start?.trim();
  let start: string[];
  const direct = startScript && /^node\s+([\w./-]+)$/.exec(startScript);
  if (direct) start = ['node', direct[1]];
  else if (startScript) start = ['npm', 'start'];
  else {
    const file = [pkg.main, 'server.js', 'index.js', 'app.js', 'main.js'].find((f) => f && existsSync(join(dir, f)));
    if (!file) {
      throw new NodeError(
        `package.json in ${dir} has no start script and there is no server.js, index.js or app.js`,
        'Add "start": "node server.js" (or whatever starts the app) to its "scripts".',
      );
    }
    start = ['node', file];
  }
  return {
    kind: 'node',
    evidence: 'package.json',
    port: PORTS.node,
    dependencies: Object.keys(pkg.dependencies ?? {}).length > 0,
    lockfile: existsSync(join(dir, 'package-lock.json')) || existsSync(join(dir, 'npm-shrinkwrap.json')),
    build: typeof pkg.scripts?.build === 'string',
    start,
  };
}

/** Package lines of a requirements file: not blank, not comments. */
function requirementLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** `dependencies = [ "a", "b>=1" ]` under [project]; enough TOML for the common shape. */
export function pyprojectDependencies(text: string): string[] {
  const project = /^\[project\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const list = /^dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(project)?.[1] ?? '';
  return [...list.matchAll(/"([^"]+)"|'([^']+)'/g)].map((m) => m[1] ?? m[2]);
}

function packageName(requirement: string): string {
  return requirement.split(/[\s<>=!~[;@]/)[0].toLowerCase().replace(/_/g, '-');
}

function detectPython(dir: string, requirements: string | undefined, pyproject: string | undefined): PythonStack {
  const reqs = requirements !== undefined ? requirementLines(requirements) : [];
  const packages = reqs.length === 0 && pyproject ? pyprojectDependencies(pyproject) : [];
  const names = new Set([...reqs, ...packages].map(packageName));
  const procfile = read(dir, 'Procfile')
    ?.split(/\r?\n/)
    .find((l) => l.startsWith('web:'))
    ?.slice(4)
    .trim();
  let start: string;
  if (procfile) start = procfile;
  else {
    const file = ['app.py', 'main.py', 'server.py', 'wsgi.py'].find((f) => existsSync(join(dir, f)));
    if (!file) {
      throw new NodeError(
        `this Python project (${requirements !== undefined ? 'requirements.txt' : 'pyproject.toml'}) has no app.py, main.py, server.py or wsgi.py, and no Procfile`,
        'Name the entry file app.py (or main.py), or add a Procfile with a line like "web: python myapp.py".',
      );
    }
    const mod = file.slice(0, -3);
    if (names.has('uvicorn') || names.has('fastapi')) start = `uvicorn ${mod}:app --host $HOST --port $PORT`;
    else if (names.has('gunicorn')) start = `gunicorn --bind $HOST:$PORT ${mod}:app`;
    else if (names.has('flask')) start = `python -m flask --app ${mod} run --host $HOST --port $PORT`;
    else start = `python ${file}`;
  }
  return {
    kind: 'python',
    evidence: requirements !== undefined ? 'requirements.txt' : 'pyproject.toml',
    port: PORTS.python,
    ...(reqs.length ? { requirementsFile: 'requirements.txt' } : {}),
    packages,
    start,
  };
}

function detectGo(dir: string): GoStack {
  const isMain = (folder: string) =>
    existsSync(folder) &&
    readdirSync(folder).some((f) => f.endsWith('.go') && !f.endsWith('_test.go') && /^package main\b/m.test(readWorkspaceFileSync(folder, f, { head: true }) ?? ''));
  let main = isMain(dir) ? '.' : undefined;
  if (!main && existsSync(join(dir, 'cmd'))) {
    const cmd = readdirSync(join(dir, 'cmd')).find((d) => isMain(join(dir, 'cmd', d)));
    if (cmd) main = `./cmd/${cmd}`;
  }
  if (!main) {
    throw new NodeError(`this Go module (go.mod in ${dir}) has no package main at its root or under cmd/`, 'Put the main package at the root of the module (or in cmd/<name>/), or add a Dockerfile.');
  }
  return { kind: 'go', evidence: 'go.mod', port: PORTS.go, main };
}

function detectRust(dir: string, text: string): RustStack {
  const bin = /^\[\[bin\]\]\s*$[\s\S]*?^name\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const pkg = /^\[package\]\s*$[\s\S]*?^name\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const binary = bin ?? pkg;
  if (!binary) throw new NodeError(`Cargo.toml in ${dir} names no package and no [[bin]]; fix it so the app can be built`);
  return { kind: 'rust', evidence: 'Cargo.toml', port: PORTS.rust, binary };
}

/** The stack of the app in `dir`, or a NodeError listing everything looked for. */
export function detectStack(dir: string): Stack {
  const pkg = read(dir, 'package.json');
  if (pkg !== undefined) return detectNode(dir, pkg);
  const requirements = read(dir, 'requirements.txt');
  const pyproject = read(dir, 'pyproject.toml');
  if (requirements !== undefined || pyproject !== undefined) return detectPython(dir, requirements, pyproject);
  if (existsSync(join(dir, 'go.mod'))) return detectGo(dir);
  if (existsSync(join(dir, 'pom.xml'))) return { kind: 'java', evidence: 'pom.xml', port: PORTS.java };
  if (existsSync(join(dir, 'build.gradle')) || existsSync(join(dir, 'build.gradle.kts'))) {
    throw new NodeError(`this Java project builds with Gradle (${dir}); Pipewright writes Dockerfiles for Maven projects (pom.xml) only`, 'Add a Dockerfile of your own, or a pom.xml.');
  }
  const cargo = read(dir, 'Cargo.toml');
  if (cargo !== undefined) return detectRust(dir, cargo);
  if (existsSync(join(dir, 'index.html'))) return { kind: 'static', evidence: 'index.html', port: PORTS.static };
  throw new NodeError(
    `no app found to build in ${dir}`,
    `Looked for, in order:\n${LOOKED_FOR.map((l) => `  - ${l}`).join('\n')}\nAdd one of them (or connect a node that writes the project).`,
  );
}
