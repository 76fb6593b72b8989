import type { NodeStack, PythonStack, Stack } from './detect-stack';

const HEADER =
  '# Written by Pipewright for this workspace. Edit it as you like: a Dockerfile that exists is\n' +
  '# always used as it is, never rewritten.\n';

/** Kept out of the image: dependencies are installed inside it, and local secrets stay local. */
export const DOCKERIGNORE = `# Written by Pipewright: kept out of the image build.
.git
node_modules
.venv
__pycache__
*.pyc
.env
.env.*
`;

function nodeDockerfile(stack: NodeStack, image: string): string {
  const installCmd = stack.lockfile ? 'npm ci' : 'npm install';
  const flags = '--no-audit --no-fund';
  const lines = [HEADER, `FROM ${image}`, 'WORKDIR /app', `ENV NODE_ENV=production PORT=${stack.port}`];
  if (stack.build) {
    // The build needs dev dependencies; they are pruned once it is done.
    lines.push('COPY package*.json ./', `RUN ${installCmd} --include=dev ${flags}`, 'COPY . .', `RUN npm run build && npm prune --omit=dev ${flags}`);
  } else if (stack.dependencies) {
    // Dependencies first: this layer is reused until package.json changes.
    lines.push('COPY package*.json ./', `RUN ${installCmd} --omit=dev ${flags}`, 'COPY . .');
  } else {
    lines.push('COPY . .');
  }
  // The code stays root-owned, so the app cannot rewrite itself.
  lines.push('USER node', `EXPOSE ${stack.port}`, `CMD ${JSON.stringify(stack.start)}`);
  return `${lines.join('\n')}\n`;
}

function pythonDockerfile(stack: PythonStack, image: string): string {
  const lines = [
    HEADER,
    `FROM ${image}`,
    'WORKDIR /app',
    `ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=${stack.port} HOST=0.0.0.0`,
  ];
  if (stack.requirementsFile) {
    lines.push(`COPY ${stack.requirementsFile} ./`, `RUN pip install --no-cache-dir -r ${stack.requirementsFile}`);
  } else if (stack.packages.length) {
    lines.push(`RUN pip install --no-cache-dir ${stack.packages.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  // python images have no unprivileged user; a numeric one needs no entry in /etc/passwd.
  lines.push('COPY . .', 'USER 10001', `EXPOSE ${stack.port}`);
  const plain = /^python3? ([\w.-]+\.py)$/.exec(stack.start);
  lines.push(plain ? `CMD ["python", ${JSON.stringify(plain[1])}]` : `CMD ["sh", "-c", ${JSON.stringify(`exec ${stack.start}`)}]`);
  return `${lines.join('\n')}\n`;
}

function staticDockerfile(stack: Stack, image: string): string {
  // busybox's httpd: foreground, logging requests, as nobody, on an unprivileged port.
  return `${[
    HEADER,
    `FROM ${image}`,
    'COPY . /site',
    'USER 65534',
    `EXPOSE ${stack.port}`,
    `CMD ["httpd", "-f", "-v", "-p", "${stack.port}", "-h", "/site"]`,
  ].join('\n')}\n`;
}

/** A Dockerfile that builds and starts `stack` on `image`. */
export function dockerfileFor(stack: Stack, image: string): string {
  switch (stack.kind) {
    case 'node':
      return nodeDockerfile(stack, image);
    case 'python':
      return pythonDockerfile(stack, image);
    case 'static':
      return staticDockerfile(stack, image);
  }
}
