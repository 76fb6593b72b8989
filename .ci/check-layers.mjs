#!/usr/bin/env node
// Enforces DESIGN.md "Direction of imports": which folder may import which, and the one door
// each outside library has. `node .ci/check-layers.mjs [root]` exits 1 listing every violation.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const SCANNED_DIRS = ['main', 'preload', 'renderer', 'nodes', 'bench', 'e2e'];
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.mjs', '.cjs', '.js'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'coverage']);

/** Each outside library and the only folders (or files) allowed to import it. */
const LIBRARY_DOORS = [
  { packages: ['better-sqlite3'], doors: ['main/adapters/db/'] },
  { packages: ['@lydell/node-pty', 'node-pty'], doors: ['main/adapters/pty/'] },
  { packages: ['dockerode', 'tar-fs', '@balena/dockerignore', 'ssh2'], doors: ['main/adapters/docker/'] },
  { packages: ['openai'], doors: ['main/adapters/llm/'] },
  { packages: ['simple-git', 'isomorphic-git'], doors: ['main/adapters/git/'] },
  { packages: ['electron'], doors: ['main/electron/', 'preload/index.ts'] },
  { packages: ['yaml'], doors: ['nodes/sdk/node/yaml.ts'] },
  { packages: ['@modelcontextprotocol/sdk'], doors: ['main/mcp/'] },
  { packages: ['node-llama-cpp'], doors: ['main/adapters/local-llm/'] },
  { packages: ['lucide-react'], doors: ['renderer/src/ui/icons.tsx', 'renderer/src/ui/icons.test.ts'] },
  { packages: ['@dagrejs/dagre'], doors: ['renderer/src/editor/dagre-layout.ts'] },
  { packages: ['react-resizable-panels'], doors: ['renderer/src/ui/ResizablePanels.tsx'] },
];

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Lists every source file of the checked folders, as posix paths relative to `root`. */
export function listSourceFiles(root) {
  const files = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        if (!entry.name.endsWith('.d.ts')) files.push(child);
      }
    }
  };
  for (const dir of SCANNED_DIRS) {
    if (existsSync(path.join(root, dir)) && statSync(path.join(root, dir)).isDirectory()) walk(dir);
  }
  return files.sort();
}

function scriptKindOf(file) {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Every module a file pulls in: static imports, `export … from`, `import x = require()`,
 * dynamic `import()` and `require()`. `typeOnly` marks imports erased at compile time.
 */
export function collectImports(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const found = [];
  const add = (node, specifier, typeOnly) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier, line, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, isTypeOnlyImport(node.importClause));
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const everyNameIsType =
        clause !== undefined &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier.text, node.isTypeOnly || everyNameIsType);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const [arg] = node.arguments;
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((isDynamicImport || isRequire) && ts.isStringLiteralLike(arg)) add(node, arg.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTypeOnlyImport(clause) {
  if (!clause) return false; // `import 'x'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false; // a default import is a value
  const bindings = clause.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTestFile(rel) {
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel);
}

/** Helpers only tests load (`<name>.test-support.ts`); `rel` may lack its extension. */
function isTestSupport(rel) {
  return /\.test-support(\.[cm]?[jt]sx?)?$/.test(rel);
}

function stripExtension(rel) {
  for (const ext of SOURCE_EXTENSIONS) if (rel.endsWith(ext)) return rel.slice(0, -ext.length);
  return rel;
}

/**
 * Where a repository file sits in the layering; `rel` is a posix path without extension. `kinds`,
 * the folders of nodes/ that hold a node kind, is given for scanned files: an import's target is
 * judged by its path alone, since it may not exist yet.
 */
function zoneOf(rel, kinds) {
  if (isTestSupport(rel)) return { zone: 'test-support' };
  if (rel.startsWith('nodes/')) {
    if (rel.startsWith('nodes/sdk/node/')) return { zone: 'sdk-node' };
    if (rel === 'nodes/sdk' || rel.startsWith('nodes/sdk/')) return { zone: 'sdk' };
    if (rel === 'nodes/definitions') return { zone: 'definitions' };
    if (rel === 'nodes/runtimes') return { zone: 'runtimes' };
    const parts = rel.split('/');
    if (parts.length < 3) return { zone: 'unknown' };
    const kind = parts[1];
    if (kinds && !kinds.has(kind)) return { zone: 'unknown' };
    const inKind = parts.slice(2).join('/');
    if (inKind === 'runtime' || inKind.startsWith('runtime/')) return { zone: 'kind-runtime', kind };
    return { zone: 'kind-iso', kind, definition: inKind === 'definition' || inKind === 'definition/index' };
  }
  if (rel === 'preload/contract' || rel.startsWith('preload/contract/')) return { zone: 'contract' };
  if (rel === 'preload/index') return { zone: 'preload-index' };
  if (rel.startsWith('preload/')) return { zone: 'preload-other' };
  if (rel.startsWith('renderer/')) return { zone: 'renderer' };
  if (rel.startsWith('main/')) return { zone: 'main' };
  // Benchmarks and browser journeys drive the whole app the way tests do.
  if (rel.startsWith('bench/')) return { zone: 'bench' };
  if (rel.startsWith('e2e/')) return { zone: 'e2e' };
  return { zone: 'unknown' };
}

/** What an import specifier names: a repository file, a Node built-in or a package. */
function resolveTarget(root, fromRel, specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const abs = specifier.startsWith('/')
      ? specifier
      : path.resolve(root, path.posix.dirname(fromRel), specifier);
    let rel = path.relative(root, abs).split(path.sep).join('/');
    // `./x` may name x/index.ts; the folder's index is what gets loaded.
    if (!SOURCE_EXTENSIONS.some((ext) => rel.endsWith(ext)) && isDirectory(abs)) rel += '/index';
    rel = stripExtension(rel);
    return { type: 'file', rel, ...zoneOf(rel) };
  }
  if (specifier.startsWith('node:')) return { type: 'builtin' };
  const parts = specifier.split('/');
  const pkg = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (NODE_BUILTINS.has(pkg) || NODE_BUILTINS.has(specifier)) return { type: 'builtin' };
  return { type: 'package', pkg };
}

function isDirectory(abs) {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function doorOf(pkg) {
  return LIBRARY_DOORS.find((d) => d.packages.includes(pkg));
}

function insideDoor(fromRel, doors) {
  return doors.some((door) => (door.endsWith('/') ? fromRel.startsWith(door) : fromRel === door));
}

function isKindRuntime(t) {
  return t.type === 'file' && t.zone === 'kind-runtime';
}

/** Returns why `from` may not import `target`, or null when it may. */
function ruleFor(fromRel, from, target) {
  if (target.type === 'package') {
    const door = doorOf(target.pkg);
    if (door && !insideDoor(fromRel, door.doors)) {
      return `${target.pkg} may be imported only in ${door.doors.join(' or ')} (one door per library); go through that adapter`;
    }
  }
  if (isTestFile(fromRel) || ['test-support', 'bench', 'e2e'].includes(from.zone)) return null;
  if (target.type === 'file' && target.zone === 'test-support') {
    return 'only tests and other *.test-support files may import a test-support file; production code never loads test helpers';
  }

  const isPkg = (...names) => target.type === 'package' && names.includes(target.pkg);
  const isFile = (...zones) => target.type === 'file' && zones.includes(target.zone);

  switch (from.zone) {
    case 'sdk':
      if (isFile('sdk') || isPkg('zod')) return null;
      if (isFile('sdk-node')) return 'nodes/sdk never imports nodes/sdk/node/ (Node only): the renderer bundles nodes/sdk';
      return 'nodes/sdk imports only nodes/sdk and zod: it runs in the renderer and in main';
    case 'sdk-node':
      if (target.type === 'builtin' || isFile('sdk', 'sdk-node')) return null;
      // A library whose one door is here (checked above) has come in through it.
      if (target.type === 'package' && doorOf(target.pkg)) return null;
      return 'nodes/sdk/node/ imports only Node built-ins, nodes/sdk and the libraries it is the door for: node runtimes and main share it';
    case 'kind-iso':
      if (isFile('sdk') || isPkg('zod')) return null;
      if (isFile('kind-iso') && target.kind === from.kind) return null;
      return `nodes/${from.kind}/ outside runtime.ts and runtime/ is isomorphic: it may import only nodes/sdk, zod and its own isomorphic files (no Node built-ins, React, Electron or runtime code)`;
    case 'kind-runtime':
      if (target.type === 'builtin' || isFile('sdk', 'sdk-node')) return null;
      if (target.type === 'file' && (target.zone === 'kind-iso' || target.zone === 'kind-runtime')) {
        if (target.kind === from.kind) return null;
        return `a runtime of nodes/${from.kind}/ may import only its own kind folder, nodes/sdk and Node built-ins; share code through nodes/sdk`;
      }
      if (isPkg('electron', 'react', 'react-dom')) {
        return `a node runtime runs in plain Node: no ${target.pkg}; capabilities come through ctx`;
      }
      if (target.type === 'package') return null;
      return `a node runtime may import only its own kind folder, nodes/sdk and Node built-ins (never main/, preload/ or renderer/); capabilities come through ctx`;
    case 'definitions':
      if (isFile('sdk') || isPkg('zod')) return null;
      if (isFile('kind-iso') && target.definition) return null;
      return 'nodes/definitions.ts imports only nodes/<kind>/definition and nodes/sdk: the renderer bundles it';
    case 'runtimes':
      if (isFile('sdk') || isKindRuntime(target)) return null;
      return 'nodes/runtimes.ts imports only nodes/<kind>/runtime and nodes/sdk';
    case 'contract':
      if (isFile('sdk', 'definitions', 'contract') || isPkg('zod')) return null;
      return 'preload/contract.ts imports only zod, nodes/sdk and nodes/definitions: main, preload and the renderer all load it';
    case 'preload-index':
      if (isFile('contract') || isPkg('electron')) return null;
      return 'preload/index.ts imports only electron and preload/contract: a sandboxed preload can load nothing else';
    case 'preload-other':
      if (isFile('sdk', 'definitions', 'contract') || isPkg('zod')) return null;
      return 'files in preload/ besides index.ts import only preload/contract, nodes/sdk, nodes/definitions and zod';
    case 'renderer':
      if (target.type === 'builtin') {
        return 'the renderer runs in a browser: no Node built-ins; ask main through the contract';
      }
      if (isFile('main')) return 'the renderer never imports main/: call it through preload/contract';
      if (isFile('runtimes') || isKindRuntime(target)) {
        return 'the renderer never imports node runtimes (Node only); use nodes/definitions';
      }
      if (isFile('sdk-node')) return 'the renderer never imports nodes/sdk/node/ (Node only); use nodes/sdk';
      if (isFile('preload-index')) return 'the renderer never imports preload/index: use window.pipewright through renderer/src/api';
      return null;
    case 'main':
      if (isFile('renderer')) return 'main/ never imports renderer/: share through nodes/ or preload/contract';
      if (isFile('preload-index', 'preload-other')) return 'main/ imports only preload/contract from preload/';
      return null;
    default:
      return null;
  }
}

/** The folders of nodes/ that hold a node kind: those with a definition or a runtime. */
function kindsOf(files) {
  const kinds = new Set();
  for (const file of files) {
    const match = /^nodes\/([^/]+)\/(definition|runtime)(\/|$)/.exec(stripExtension(file));
    if (match && match[1] !== 'sdk') kinds.add(match[1]);
  }
  return kinds;
}

/** Checks every scanned file under `root`; returns the violations, in file order. */
export function checkLayers(root) {
  const violations = [];
  const files = listSourceFiles(root);
  const kinds = kindsOf(files);
  for (const rel of files) {
    const from = zoneOf(stripExtension(rel), kinds);
    // Tests are a layer of their own (they may import anything but a library outside its door).
    if (from.zone === 'unknown' && !isTestFile(rel)) {
      // A file no rule speaks for could import anything; it has to find its layer first.
      violations.push({ file: rel, line: 1, specifier: null, reason: UNKNOWN_ZONE });
      continue;
    }
    for (const imp of collectImports(rel, readFileSync(path.join(root, rel), 'utf8'))) {
      if (imp.typeOnly) continue;
      const reason = ruleFor(rel, from, resolveTarget(root, rel, imp.specifier));
      if (reason) violations.push({ file: rel, line: imp.line, specifier: imp.specifier, reason });
    }
  }
  return { files: files.length, violations };
}

const UNKNOWN_ZONE =
  'sits in no layer of DESIGN.md "Direction of imports"; move it into nodes/<kind>/, nodes/sdk/, main/, ' +
  'preload/ or renderer/, or name it <name>.test-support.ts if only tests use it';

export function formatViolation(v) {
  if (v.specifier === null) return `${v.file}: ${v.reason}`;
  return `${v.file}:${v.line}: imports ${v.specifier} — ${v.reason}`;
}

function main() {
  const root = path.resolve(process.argv[2] ?? process.cwd());
  if (!existsSync(root)) {
    console.error(`layers: folder ${root} does not exist; pass the repository root`);
    process.exit(2);
  }
  const { files, violations } = checkLayers(root);
  for (const v of violations) console.log(formatViolation(v));
  if (violations.length > 0) {
    console.log(
      `layers: ${violations.length} violation(s) of DESIGN.md "Direction of imports" in ${files} files; ` +
        'move the code to a layer that may use it, or use `import type` when only types are needed',
    );
    process.exit(1);
  }
  console.log(`layers: ${files} files checked, no violations`);
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) main();
