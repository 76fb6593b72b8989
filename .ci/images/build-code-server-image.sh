#!/usr/bin/env bash
# Builds the code-server image the vscode-workspace tests run, from files on this machine (CI
# reaches no container registry): a root filesystem of the host's Node 24, a busybox shell,
# code-server as .ci/tools/install-code-server.sh installed it (installing it first when
# missing), and every library their native modules link against, loaded with `docker import`.
#
#   pipewright-local/code-server:4.139.1   code-server on PATH, user coder (1000), HOME /home/coder
#
# It stands in for the public codercom/code-server image. Usage:
#   .ci/images/build-code-server-image.sh          build it when missing or out of date
#   .ci/images/build-code-server-image.sh --env    also print PIPEWRIGHT_IMAGE_CODE_SERVER's export
# Needs: docker (a running engine), busybox-static, ldd, Node 24. Progress goes to stderr.
set -euo pipefail

IMAGE=pipewright-local/code-server:4.139.1

print_env=false
for arg in "$@"; do
  case "$arg" in
    --env) print_env=true ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build-code-server-image: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf 'build-code-server-image: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v docker >/dev/null || die "docker is not installed (apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "no Docker engine answers; start one (dockerd &) and try again"
command -v busybox >/dev/null || die "busybox is missing (apt-get install busybox-static)"

entry="$("$here/../tools/install-code-server.sh" --print)"
install_dir="$(cd "$(dirname "$entry")/../../../.." && pwd)"
node_bin="$(cat "$install_dir/node-path")"
[[ -x "$node_bin" ]] || die "the Node code-server was built with ($node_bin) is gone; reinstall: rm -rf $install_dir && $here/../tools/install-code-server.sh"

stamp="$(sha256sum "$0" | cut -c1-16)-$("$node_bin" -v)-$(cat "$install_dir/.installed")"
if [[ "$(docker image inspect -f '{{index .Config.Labels "io.pipewright.local-image"}}' "$IMAGE" 2>/dev/null)" == "$stamp" ]]; then
  log "$IMAGE is up to date"
else
  started=$SECONDS
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  root="$work/root"
  mkdir -p "$root"/{bin,usr/bin,usr/local/bin,usr/lib,tmp,etc,home/coder}
  chmod 1777 "$root/tmp"

  # Copies files and every library they link against, keeping their paths.
  copy_with_libs() {
    local f lib
    for f in "$@"; do
      for lib in $(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' || true); do
        [[ -e "$root$lib" || "$lib" == "$root"* || "$lib" == "$install_dir"* ]] && continue
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
      done
    done
  }

  cp "$(command -v busybox)" "$root/bin/busybox"
  for applet in $(busybox --list); do [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"; done
  ln -s ../../bin/busybox "$root/usr/bin/env"
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] && mkdir -p "$root/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/bin/sh\ncoder:x:1000:1000:coder:/home/coder:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\ncoder:x:1000:\n' >"$root/etc/group"

  cp -L "$node_bin" "$root/usr/local/bin/node"
  copy_with_libs "$node_bin"
  mkdir -p "$root/usr/lib/code-server"
  cp -a "$install_dir/node_modules" "$root/usr/lib/code-server/node_modules"
  mapfile -t addons < <(find "$root/usr/lib/code-server" -name '*.node' -o -name '*.so')
  copy_with_libs "${addons[@]}"
  cat >"$root/usr/bin/code-server" <<'WRAPPER'
#!/bin/sh
exec /usr/local/bin/node /usr/lib/code-server/node_modules/code-server/out/node/entry.js "$@"
WRAPPER
  chmod 755 "$root/usr/bin/code-server"

  tarball="$work/rootfs.tar"
  tar --numeric-owner --owner=0 --group=0 -C "$root" --exclude ./home -cf "$tarball" .
  # The home belongs to coder, who runs code-server: its settings and extensions live there.
  tar --numeric-owner --owner=1000 --group=1000 -C "$root" -rf "$tarball" ./home
  previous="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  docker import \
    -c "LABEL io.pipewright.local-image=$stamp" \
    -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    -c 'ENV HOME=/home/coder' \
    -c 'USER 1000' \
    -c 'WORKDIR /home/coder' \
    -c 'EXPOSE 8080' \
    -c 'CMD ["code-server", "--bind-addr", "0.0.0.0:8080", "/home/coder"]' \
    "$tarball" "$IMAGE" >/dev/null
  [[ -n "$previous" ]] && docker image rm "$previous" >/dev/null 2>&1 || true
  log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')) in $((SECONDS - started)) s"
fi

if $print_env; then
  echo "export PIPEWRIGHT_IMAGE_CODE_SERVER=$IMAGE"
fi
