import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NodeError } from '..';
import { resourcesFolder } from './resources';
import type { Blueprint, Language, OfflineStack } from '../blueprint';

/** What resources/scaffolds/<stack>/scaffold.json says about the project it makes. */
export interface ScaffoldManifest {
  title: string;
  /** The language it is written in (node when absent): its commands run in that sandbox. */
  language?: Language;
  start: string;
  test: string;
}

const MANIFEST = 'scaffold.json';

/** resources/scaffolds, wherever this copy of Pipewright keeps its resources. */
export const scaffoldsDir = (): string => resourcesFolder('scaffolds');

/** A string literal Go, Java and Rust all read the same: control characters become spaces. */
const codeString = (s: string) =>
  `"${[...s].map((c) => (c < ' ' || c === '\u007f' ? ' ' : c === '\\' || c === '"' ? `\\${c}` : c)).join('')}"`;

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The values a scaffold's `{{placeholders}}` take, each escaped for where it is used. */
export function placeholders(bp: Blueprint): Record<string, string> {
  const resources = bp.resources.map((r) => ({ name: r.name, singular: r.singular, label: r.label, fields: r.fields }));
  return {
    name: bp.name,
    // Cargo refuses a package name that starts with a digit ("3D Printer Farm").
    crate_name: /^[0-9]/.test(bp.name) ? `app-${bp.name}` : bp.name,
    title_json: JSON.stringify(bp.title),
    title_html: html(bp.title),
    title_text: bp.title.replace(/[\r\n]/g, ' '),
    description_json: JSON.stringify(bp.description),
    description_html: html(bp.description),
    description_text: bp.description.replace(/[\r\n]/g, ' '),
    description_code: codeString(bp.description),
    // Names are slugs and fields snake_case (blueprint.ts), safe inside string literals.
    resources_rust: bp.resources
      .map((r) => `    Resource { name: "${r.name}", singular: "${r.singular}", fields: &[${r.fields.map((f) => `"${f}"`).join(', ')}] },`)
      .join('\n'),
    resources_java: bp.resources
      .map((r) => `      new Resource("${r.name}", "${r.singular}", List.of(${r.fields.map((f) => `"${f}"`).join(', ')}))`)
      .join(',\n'),
    resources_json: JSON.stringify(resources, null, 2),
    resource_nav_html: bp.resources.map((r) => `<a href="#${r.name}">${html(r.label)}</a>`).join('\n        '),
    resource_sections_html: bp.resources
      .map((r) =>
        [
          `<section id="${r.name}" class="resource">`,
          `        <h2>${html(r.label)}</h2>`,
          `        <p>Everything about ${html(r.label.toLowerCase())}${r.fields.length ? `: ${r.fields.map((f) => html(f.replace(/_/g, ' '))).join(', ')}` : ''}.</p>`,
          `      </section>`,
        ].join('\n'),
      )
      .join('\n      '),
    resource_rows_md: bp.resources
      .map((r) => `| \`/${r.name}\` | ${r.label} | ${r.fields.length ? r.fields.map((f) => `\`${f}\``).join(', ') : '—'} |`)
      .join('\n'),
  };
}

function render(text: string, values: Record<string, string>, file: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!Object.hasOwn(values, key)) throw new NodeError(`scaffold file ${file} uses an unknown placeholder {{${key}}}`);
    return values[key];
  });
}

async function filesUnder(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, child)));
    else if (child !== MANIFEST) out.push(child);
  }
  return out.sort();
}

/** The files the scaffold for `stack` writes, relative to the project folder. */
export async function scaffoldFiles(stack: OfflineStack): Promise<string[]> {
  return (await filesUnder(path.join(scaffoldsDir(), stack))).map(destination);
}

/** npm would treat a .gitignore in a package as its ignore file, so it travels renamed. */
const destination = (rel: string) => rel.replace(/(^|\/)_gitignore$/, '$1.gitignore');

/**
 * The folder whose files replace the scaffold's when the blueprint asks for a database the
 * scaffold has a variant for (`python-api+postgres`), if there is one.
 */
export function databaseVariant(stack: OfflineStack, bp: Blueprint): string | undefined {
  if (!bp.database) return undefined;
  const folder = path.join(scaffoldsDir(), `${stack}+${bp.database}`);
  return existsSync(folder) ? folder : undefined;
}

/**
 * Writes the scaffold for `stack` into `target`, shaped by the blueprint (with its database
 * variant's files over the scaffold's when there is one); returns its files and manifest.
 */
export async function writeScaffold(
  stack: OfflineStack,
  bp: Blueprint,
  target: string,
): Promise<{ files: string[]; manifest: ScaffoldManifest }> {
  const source = path.join(scaffoldsDir(), stack);
  const manifest = JSON.parse(await readFile(path.join(source, MANIFEST), 'utf8')) as ScaffoldManifest;
  const values = placeholders(bp);
  const variant = databaseVariant(stack, bp);
  const layers = [source, ...(variant ? [variant] : [])];
  const written = new Set<string>();
  for (const layer of layers) {
    for (const rel of await filesUnder(layer)) {
      const text = await readFile(path.join(layer, rel), 'utf8');
      const dest = path.join(target, destination(rel));
      await mkdir(path.dirname(dest), { recursive: true });
      await writeFile(dest, render(text, values, `${path.basename(layer)}/${rel}`));
      written.add(destination(rel));
    }
  }
  return { files: [...written].sort(), manifest };
}
