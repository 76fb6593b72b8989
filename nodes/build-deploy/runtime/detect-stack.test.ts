import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeError } from '../../sdk';
import { detectStack, pyprojectDependencies } from './detect-stack';
import { dockerfileAuthor, dockerfileFor } from './dockerfile';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-detect-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const pkg = (o: object) => JSON.stringify({ name: 'app', version: '1.0.0', ...o });

describe('detectStack', () => {
  it('finds a Node app and starts it with node directly when that is all `npm start` does', async () => {
    const dir = await workspace({ 'package.json': pkg({ scripts: { start: 'node server.js' } }), 'server.js': '' });
    expect(detectStack(dir)).toEqual({
      kind: 'node',
      evidence: 'package.json',
      port: 3000,
      dependencies: false,
      lockfile: false,
      build: false,
      start: ['node', 'server.js'],
    });
  });

  it('uses npm start for richer scripts, and the main file or server.js when there is no script', async () => {
    const npm = await workspace({ 'package.json': pkg({ scripts: { start: 'node --enable-source-maps dist/main.js', build: 'tsc' }, dependencies: { express: '^5' } }), 'package-lock.json': '{}' });
    expect(detectStack(npm)).toMatchObject({ start: ['npm', 'start'], dependencies: true, lockfile: true, build: true });
    const main = await workspace({ 'package.json': pkg({ main: 'lib/app.js' }), 'lib/app.js': '' });
    expect(detectStack(main)).toMatchObject({ start: ['node', 'lib/app.js'] });
    const server = await workspace({ 'package.json': pkg({}), 'server.js': '' });
    expect(detectStack(server)).toMatchObject({ start: ['node', 'server.js'] });
  });

  it('says how to fix a Node app it cannot start', async () => {
    const dir = await workspace({ 'package.json': pkg({}) });
    const error = (() => {
      try {
        return detectStack(dir);
      } catch (e) {
        return e as NodeError;
      }
    })() as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe(`package.json in ${dir} has no start script and there is no server.js, index.js or app.js`);
    expect(error.detail).toContain('"start": "node server.js"');
    const broken = await workspace({ 'package.json': '{ "name": ' });
    expect(() => detectStack(broken)).toThrow(`package.json in ${broken} is not valid JSON`);
  });

  it('finds a Python app and its framework', async () => {
    const plain = await workspace({ 'requirements.txt': '# standard library only\n\n', 'app.py': '' });
    expect(detectStack(plain)).toEqual({ kind: 'python', evidence: 'requirements.txt', port: 8000, packages: [], start: 'python app.py' });
    const fastapi = await workspace({ 'requirements.txt': 'fastapi==0.115\nuvicorn[standard]>=0.30  # server\n', 'main.py': '' });
    expect(detectStack(fastapi)).toMatchObject({ requirementsFile: 'requirements.txt', start: 'uvicorn main:app --host $HOST --port $PORT' });
    const flask = await workspace({ 'requirements.txt': 'Flask\n', 'app.py': '' });
    expect(detectStack(flask)).toMatchObject({ start: 'python -m flask --app app run --host $HOST --port $PORT' });
    const procfile = await workspace({ 'requirements.txt': 'gunicorn\n', 'Procfile': 'web: gunicorn -b 0.0.0.0:$PORT site:app\n' });
    expect(detectStack(procfile)).toMatchObject({ start: 'gunicorn -b 0.0.0.0:$PORT site:app' });
  });

  it('reads dependencies from pyproject.toml', async () => {
    const toml = '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "svc"\ndependencies = [\n  "flask>=3",\n  \'gunicorn\',\n]\n\n[tool.x]\ndependencies = ["not-this"]\n';
    expect(pyprojectDependencies(toml)).toEqual(['flask>=3', 'gunicorn']);
    const dir = await workspace({ 'pyproject.toml': toml, 'wsgi.py': '' });
    expect(detectStack(dir)).toMatchObject({ kind: 'python', evidence: 'pyproject.toml', packages: ['flask>=3', 'gunicorn'], start: 'gunicorn --bind $HOST:$PORT wsgi:app' });
  });

  it('finds a static site', async () => {
    const dir = await workspace({ 'index.html': '<h1>hi</h1>' });
    expect(detectStack(dir)).toEqual({ kind: 'static', evidence: 'index.html', port: 8080 });
  });

  it('lists everything it looked for when it finds no app', async () => {
    const dir = await workspace({ 'README.md': 'notes' });
    try {
      detectStack(dir);
      expect.unreachable();
    } catch (e) {
      expect((e as NodeError).message).toBe(`no app found to build in ${dir}`);
      expect((e as NodeError).detail).toContain('Dockerfile (used as it is)');
      expect((e as NodeError).detail).toContain('package.json (Node)');
      expect((e as NodeError).detail).toContain('requirements.txt or pyproject.toml (Python)');
      expect((e as NodeError).detail).toContain('index.html (static site)');
    }
  });
});

describe('dockerfileFor', () => {
  it('installs Node dependencies in their own layer, runs as node, exposes the port', async () => {
    const dir = await workspace({ 'package.json': pkg({ scripts: { start: 'node server.js' }, dependencies: { express: '^5' } }), 'package-lock.json': '{}' });
    const text = dockerfileFor(detectStack(dir), 'node:20-slim');
    expect(text).toContain('FROM node:20-slim\nWORKDIR /app\nENV NODE_ENV=production PORT=3000\nCOPY package*.json ./\nRUN npm ci --omit=dev --no-audit --no-fund\nCOPY . .\nUSER node\nEXPOSE 3000\nCMD ["node","server.js"]\n');
  });

  it('skips the install step for a Node app without dependencies', async () => {
    const dir = await workspace({ 'package.json': pkg({ scripts: { start: 'node server.js' } }) });
    const text = dockerfileFor(detectStack(dir), 'img');
    expect(text).not.toContain('npm ci');
    expect(text).not.toContain('npm install');
  });

  it('runs Python as an unprivileged user, through a shell only when the command needs $PORT', async () => {
    const plain = await workspace({ 'requirements.txt': '', 'app.py': '' });
    expect(dockerfileFor(detectStack(plain), 'python:3.12-slim')).toMatch(/USER 10001\nEXPOSE 8000\nCMD \["python", "app.py"\]\n$/);
    const uvicorn = await workspace({ 'requirements.txt': 'uvicorn\n', 'main.py': '' });
    const text = dockerfileFor(detectStack(uvicorn), 'python:3.12-slim');
    expect(text).toContain('COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\n');
    expect(text).toContain('CMD ["sh", "-c", "exec uvicorn main:app --host $HOST --port $PORT"]');
  });

  it('serves a static site with httpd as nobody, without the files it is built with', async () => {
    const dir = await workspace({ 'index.html': '' });
    expect(dockerfileFor(detectStack(dir), 'busybox:1.36')).toMatch(
      /FROM busybox:1\.36\nCOPY \. \/site\nRUN rm -f \/site\/Dockerfile \/site\/.dockerignore\nUSER 65534\nEXPOSE 8080\nCMD \["httpd", "-f", "-v", "-p", "8080", "-h", "\/site"\]\n$/,
    );
  });

  it('starts with the line that marks it as generated', async () => {
    const dir = await workspace({ 'index.html': '' });
    const text = dockerfileFor(detectStack(dir), 'busybox:1.36');
    expect(text.split('\n')[0]).toBe('# generated by Pipewright — edit or delete this line to keep your own');
    expect(dockerfileAuthor(text)).toBe('pipewright');
    expect(dockerfileAuthor(text.replace(/^# generated by Pipewright — edit or delete this line to keep your own\n/, ''))).toBe('person');
    expect(dockerfileAuthor('FROM busybox\n# generated by Pipewright — edit or delete this line to keep your own\n')).toBe('person');
  });
});

describe('compiled languages', () => {
  const images = (name: string) => ({ static: 'busybox:1.36', javaRuntime: 'eclipse-temurin:21-jre' })[name] ?? `unknown:${name}`;

  it('finds a Go module and builds its main package, at the root or under cmd/, into a static binary on a small non-root image', async () => {
    const root = await workspace({ 'go.mod': 'module shop\n', 'main.go': 'package main\n\nfunc main() {}\n', 'main_test.go': 'package main\n' });
    expect(detectStack(root)).toEqual({ kind: 'go', evidence: 'go.mod', port: 8080, main: '.' });
    const text = dockerfileFor(detectStack(root), 'golang:1.22', images);
    expect(text).toMatch(/^FROM golang:1\.22 AS build\n[\s\S]*RUN CGO_ENABLED=0 go build -o \/out\/app \.\n\nFROM busybox:1\.36\nCOPY --from=build \/out\/app \/app\nUSER 65534\n/m);
    expect(text).toMatch(/EXPOSE 8080\nHEALTHCHECK .*wget -q -O \/dev\/null http:\/\/127\.0\.0\.1:8080\/ .*\nCMD \["\/app"\]\n$/);

    const nested = await workspace({ 'go.mod': 'module shop\n', 'lib.go': 'package shop\n', 'cmd/server/main.go': 'package main\n' });
    expect(detectStack(nested)).toMatchObject({ kind: 'go', main: './cmd/server' });
    const library = await workspace({ 'go.mod': 'module shop\n', 'lib.go': 'package shop\n' });
    expect(() => detectStack(library)).toThrow(/has no package main at its root or under cmd\//);
  });

  it('finds a Maven project and runs its jar on a Java runtime image', async () => {
    const dir = await workspace({ 'pom.xml': '<project/>' });
    expect(detectStack(dir)).toEqual({ kind: 'java', evidence: 'pom.xml', port: 8080 });
    const text = dockerfileFor(detectStack(dir), 'maven:3.9-eclipse-temurin-21', images);
    expect(text).toMatch(/FROM maven:3\.9-eclipse-temurin-21 AS build\n[\s\S]*mvn -B -DskipTests package[\s\S]*\/out\/app\.jar\n\nFROM eclipse-temurin:21-jre\nCOPY --from=build \/out\/app\.jar \/app\/app\.jar\nUSER 65534\n/);
    expect(text).toMatch(/HEALTHCHECK [\s\S]*CMD \["java","-jar","\/app\/app\.jar"\]\n$/);
    const gradle = await workspace({ 'build.gradle': '' });
    expect(() => detectStack(gradle)).toThrow(/builds with Gradle .*Dockerfiles for Maven projects \(pom\.xml\) only/);
  });

  it('finds a Cargo project and builds its binary statically for a small non-root image', async () => {
    const named = await workspace({ 'Cargo.toml': '[package]\nname = "shop"\nversion = "0.1.0"\n\n[[bin]]\nname = "server"\npath = "src/main.rs"\n' });
    expect(detectStack(named)).toEqual({ kind: 'rust', evidence: 'Cargo.toml', port: 8080, binary: 'server' });
    const plain = await workspace({ 'Cargo.toml': '[package]\nname = "shop"\n' });
    expect(detectStack(plain)).toMatchObject({ binary: 'shop' });
    const text = dockerfileFor(detectStack(plain), 'rust:1.83-slim', images);
    expect(text).toMatch(/FROM rust:1\.83-slim AS build\n[\s\S]*crt-static' cargo build --release --target "\$target" --bin shop[\s\S]*FROM busybox:1\.36\n[\s\S]*USER 65534[\s\S]*HEALTHCHECK/);
  });
});
