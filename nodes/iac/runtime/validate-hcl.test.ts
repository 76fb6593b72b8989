import { describe, expect, it } from 'vitest';
import { describeProblem } from './problem';
import { checkTerraformModule } from './validate-hcl';

const versions = (version: string) =>
  `terraform {\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n      version = "${version}"\n    }\n  }\n}\n`;

const variables = 'variable "name" {\n  type = string\n}\n';

async function problem(files: Record<string, string>): Promise<string | undefined> {
  const found = await checkTerraformModule(Object.entries(files).map(([file, text]) => ({ file, text })));
  return found && describeProblem(found);
}

describe('Terraform checks (HCL parsed by @cdktf/hcl2json)', () => {
  it('passes a module with a pinned provider, declared variables and a secret from a sensitive variable', async () => {
    const main = [
      'variable "db_password" {\n  type      = string\n  sensitive = true\n}',
      'resource "docker_container" "db" {\n  name  = var.name\n  image = "postgres:16"\n  env   = ["POSTGRES_PASSWORD=${var.db_password}"]\n}\n',
    ].join('\n');
    expect(await problem({ 'versions.tf': versions('3.0.2'), 'variables.tf': variables, 'main.tf': main })).toBeUndefined();
  });

  it('refuses a syntax error with its file and line', async () => {
    const main = 'resource "docker_container" "app" {\n  name = var.name\n  image =\n}\n';
    expect(await problem({ 'versions.tf': versions('3.0.2'), 'main.tf': main })).toMatch(/^main\.tf, line [34]: HCL syntax error/);
  });

  it('refuses a variable used but not declared', async () => {
    const main = 'resource "docker_container" "app" {\n  name  = var.name\n  image = var.image\n}\n';
    expect(await problem({ 'versions.tf': versions('3.0.2'), 'variables.tf': variables, 'main.tf': main })).toBe(
      'main.tf, line 3, field var.image: variable "image" is used but not declared in this folder: add a variable "image" block',
    );
  });

  it('refuses a provider without a pinned version, and one not required at all', async () => {
    const main = 'resource "docker_network" "app" {\n  name = var.name\n}\n';
    expect(await problem({ 'versions.tf': versions('>= 3.0'), 'variables.tf': variables, 'main.tf': main })).toMatch(
      /^versions\.tf, line 5, field terraform\.required_providers\.docker\.version: the docker provider's version is ">= 3\.0"/,
    );
    expect(await problem({ 'variables.tf': variables, 'main.tf': main })).toMatch(/^main\.tf, line 1, field docker_network\.app: uses the docker provider, which no terraform/);
  });

  it('refuses a literal secret, in an attribute, in an env list, or as a secret variable default', async () => {
    const attr = 'resource "docker_container" "db" {\n  name     = var.name\n  image    = "postgres:16"\n  password = "hunter2"\n}\n';
    expect(await problem({ 'versions.tf': versions('3.0.2'), 'variables.tf': variables, 'main.tf': attr })).toMatch(
      /^main\.tf, line 4, field resource\.docker_container\.db\.password: password is written as a literal value/,
    );
    const env = 'resource "docker_container" "db" {\n  name  = var.name\n  image = "postgres:16"\n  env   = ["POSTGRES_PASSWORD=hunter2"]\n}\n';
    expect(await problem({ 'versions.tf': versions('3.0.2'), 'variables.tf': variables, 'main.tf': env })).toMatch(
      /^main\.tf, line 4, field .*env\[0\]: POSTGRES_PASSWORD is written as a literal value/,
    );
    const withDefault = `${variables}variable "api_token" {\n  type    = string\n  default = "abc"\n}\n`;
    expect(await problem({ 'versions.tf': versions('3.0.2'), 'variables.tf': withDefault })).toMatch(
      /^variables\.tf, line 4, field variable\.api_token\.default: variable "api_token" holds a secret and must have no default/,
    );
  });
});
