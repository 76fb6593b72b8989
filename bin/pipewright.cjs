#!/usr/bin/env node
// The `pipewright` command. It runs the built CLI (npm run build makes out/main/cli.js).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('pipewright: the CLI is not built yet; run `npm run build` in ' + join(__dirname, '..'));
  process.exit(1);
}
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`pipewright: Node ${process.versions.node} is too old; Node 22.12 or newer is needed (Node 24 LTS recommended)`);
  process.exit(1);
}
// Compiled code is kept on disk between runs, so each command starts in about half the time.
require('node:module').enableCompileCache?.();
require(cli).main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
