/** The one door to @cdktf/hcl2json: Terraform's own HCL parser, compiled to WASM, offline. */
import { hasUrlPassword, SECRET_NAME } from './literal-secrets';
import { lineWhere, type IacProblem } from './problem';

/**
 * The parser, loaded when a Terraform file is first checked: its WASM takes ~70 MiB of memory
 * once loaded, which every process that merely knows the iac kind (pipewright serve, a run of
 * any pipeline) paid at start.
 */
let parser: Promise<typeof import('@cdktf/hcl2json')> | undefined;
const parse = async (file: string, text: string) => (await (parser ??= import('@cdktf/hcl2json'))).parse(file, text);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Blocks = Record<string, Record<string, Record<string, Json>[]>>;

/** `NAME=value` in an env list, where the value is written out rather than interpolated. */
const SECRET_ASSIGNMENT = /^([A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN|API_KEY)[A-Z0-9_]*)=(?!\$\{)(.+)$/;
/** A provider version pinned to one release (`3.0.2`, `= 3.0.2`) or to patches of one (`~> 3.0.2`). */
const PINNED = /^\s*(=|~>)?\s*\d+\.\d+\.\d+\s*$/;

/** "parse config: [main.tf:2,9-3,1: Invalid expression; Expected …]" → line 2 and the reason. */
function syntaxProblem(file: string, error: unknown): IacProblem {
  const text = String(error instanceof Error ? error.message : error);
  const m = /:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^\]]+)/.exec(text);
  return { file, line: m ? Number(m[1]) : undefined, message: `HCL syntax error: ${(m ? m[2] : text).trim()}` };
}

function strings(value: Json, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Attributes named like secrets whose value is a literal, with their path. */
function literalSecrets(value: Json, path: string[], out: { field: string; key: string }[] = []): typeof out {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (typeof v === 'string' && SECRET_ASSIGNMENT.test(v)) out.push({ field: `${path.join('.')}[${i}]`, key: SECRET_ASSIGNMENT.exec(v)![1] });
      else if (typeof v === 'string' && hasUrlPassword(v)) out.push({ field: `${path.join('.')}[${i}]`, key: /^(\w+)=/.exec(v)?.[1] ?? 'a URL password' });
      else literalSecrets(v, path, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && ((SECRET_NAME.test(key) && !v.includes('${')) || hasUrlPassword(v))) out.push({ field: [...path, key].join('.'), key });
      else literalSecrets(v, [...path, key], out);
    }
  }
  return out;
}

/** A parsed module: each file's blocks, kept apart so problems name the file. */
export interface ParsedModule {
  files: { file: string; text: string; blocks: Blocks }[];
}

/** Parses every file; the first syntax error is the problem. */
export async function parseModule(files: { file: string; text: string }[]): Promise<ParsedModule | IacProblem> {
  const parsed: ParsedModule['files'] = [];
  for (const { file, text } of files) {
    try {
      parsed.push({ file, text, blocks: (await parse(file, text)) as Blocks });
    } catch (error) {
      return syntaxProblem(file, error);
    }
  }
  return { files: parsed };
}

/**
 * Checks one Terraform module (the files of one folder): HCL that parses, every provider its
 * resources use required with a pinned version, every `var.x` declared, no literal secret and no
 * default for a secret variable.
 */
export async function checkTerraformModule(files: { file: string; text: string }[]): Promise<IacProblem | undefined> {
  const module = await parseModule(files);
  if ('message' in module) return module;

  const required = new Map<string, { source?: Json; version?: Json }>();
  const declared = new Set<string>();
  for (const { blocks } of module.files) {
    for (const tf of (blocks.terraform as unknown as Record<string, Json>[] | undefined) ?? []) {
      for (const rp of (tf.required_providers as Record<string, { source?: Json; version?: Json }>[] | undefined) ?? []) {
        for (const [name, spec] of Object.entries(rp)) required.set(name, spec);
      }
    }
    for (const name of Object.keys(blocks.variable ?? {})) declared.add(name);
  }

  for (const { file, text, blocks } of module.files) {
    for (const [type, byName] of Object.entries({ ...blocks.resource, ...blocks.data })) {
      const provider = type.split('_')[0];
      const spec = required.get(provider);
      const line = lineWhere(text, (l) => l.includes(`"${type}"`));
      const name = Object.keys(byName)[0];
      if (!spec) {
        return {
          file,
          line,
          field: `${type}.${name}`,
          message: `uses the ${provider} provider, which no terraform { required_providers } block of this folder requires: add it with its source and a pinned version`,
        };
      }
      if (typeof spec.version !== 'string' || !PINNED.test(spec.version)) {
        const declaredIn = module.files.find((f) => f.text.includes('required_providers')) ?? { file, text };
        return {
          file: declaredIn.file,
          line: lineWhere(declaredIn.text, (l) => /^\s*version\s*=/.test(l)) ?? lineWhere(declaredIn.text, (l) => l.includes('required_providers')),
          field: `terraform.required_providers.${provider}.version`,
          message: `the ${provider} provider's version is ${spec.version === undefined ? 'missing' : JSON.stringify(spec.version)}: pin one release, such as "= 1.2.3" or "~> 1.2.3"`,
        };
      }
    }

    for (const s of strings(blocks as unknown as Json)) {
      for (const m of s.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) {
        if (declared.has(m[1])) continue;
        return {
          file,
          line: lineWhere(text, (l) => new RegExp(`\\bvar\\.${m[1]}\\b`).test(l)),
          field: `var.${m[1]}`,
          message: `variable "${m[1]}" is used but not declared in this folder: add a variable "${m[1]}" block`,
        };
      }
    }

    for (const [name, decl] of Object.entries(blocks.variable ?? {})) {
      if (SECRET_NAME.test(name) && decl[0] && 'default' in decl[0]) {
        return {
          file,
          line: lineWhere(text, (l) => l.includes(`variable "${name}"`)),
          field: `variable.${name}.default`,
          message: `variable "${name}" holds a secret and must have no default: remove it and set TF_VAR_${name} where Terraform runs`,
        };
      }
    }

    const secret = literalSecrets({ resource: blocks.resource ?? {}, provider: blocks.provider ?? {}, locals: blocks.locals ?? {} } as unknown as Json, [])[0];
    if (secret) {
      return {
        file,
        line: lineWhere(text, (l) => l.includes(secret.key)),
        field: secret.field,
        message: `${secret.key} is written as a literal value: take it from a sensitive variable instead (var.…), so no secret is in the files`,
      };
    }
  }
  return undefined;
}
