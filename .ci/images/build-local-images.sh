#!/usr/bin/env bash
# Builds the base images Pipewright's Docker tests deploy onto, from files on this machine:
# no container registry is needed (CI reaches none). Each image is a root filesystem put
# together from the host's own binaries and libraries and loaded with `docker import`:
#
#   pipewright-local/node     the host's Node, npm, busybox sh, a user node (uid 1000)
#   pipewright-local/python   Debian's python3 and its standard library, Debian's psycopg2, a pip
#                             stand-in that only checks requirements are in the image, busybox sh
#   pipewright-local/static   busybox, whose httpd serves static sites
#   pipewright-local/go       Debian's Go (golang-go), busybox sh; CGO off, so builds are static
#   pipewright-local/java     Debian's JDK 17 and Maven 3, set offline on Debian's Maven repository
#                             (/usr/share/maven-repo: compiler, surefire, jar plugins and JUnit 5)
#   pipewright-local/java-runtime  a JRE made from that JDK with jlink, busybox sh
#   pipewright-local/rust     Debian's rustc and cargo (std only: no crates.io), gcc as the linker
#   pipewright-local/postgres Debian's PostgreSQL server and client tools, busybox sh, an entrypoint
#                             that initdb's on first start (POSTGRES_PASSWORD, POSTGRES_USER,
#                             POSTGRES_DB as the public image reads them) and listens on 0.0.0.0
#
# They stand in for the public defaults (node:20-slim, python:3.12-slim, busybox:1.36,
# golang:1.22, maven:3.9-eclipse-temurin-21, eclipse-temurin:21-jre, rust:1.83-slim,
# postgres:16-alpine) and the
# sandbox image. Usage:
#   .ci/images/build-local-images.sh            build what is missing or out of date
#   .ci/images/build-local-images.sh --env      also print the PIPEWRIGHT_IMAGE_* exports
#   eval "$(.ci/images/build-local-images.sh --env)"   build, then use them in this shell
# Needs: docker (a running engine), busybox-static, python3, npm, ldd, and for the language
# images golang-go, openjdk-17-jdk-headless, maven, libmaven-compiler-plugin-java,
# libsurefire-java, junit5, rustc, cargo, gcc, postgresql (see .ci/run). Progress goes to stderr.
set -euo pipefail

NODE_IMAGE=pipewright-local/node
PYTHON_IMAGE=pipewright-local/python
STATIC_IMAGE=pipewright-local/static
GO_IMAGE=pipewright-local/go
JAVA_IMAGE=pipewright-local/java
JAVA_RUNTIME_IMAGE=pipewright-local/java-runtime
RUST_IMAGE=pipewright-local/rust
POSTGRES_IMAGE=pipewright-local/postgres
GO_ROOT=/usr/lib/go-1.19
JDK_HOME=/usr/lib/jvm/java-17-openjdk-amd64
# Modules of the JRE the runtime image carries: what a web app on the JDK's own HTTP server uses.
JRE_MODULES=java.base,java.logging,java.net.http,java.sql,java.xml,java.naming,java.management,jdk.httpserver,jdk.unsupported,jdk.crypto.ec
# npm comes from the npm registry as a package (it bundles its own dependencies).
NPM_PACKAGE=npm@11.6.2
CACHE_DIR="${PIPEWRIGHT_IMAGE_CACHE:-$HOME/.cache/pipewright-images}"
# Debian's python3 (whatever 3.x the release has), never a pyenv or venv one: its stdlib is in /usr/lib.
PYTHON_BIN="$(readlink -f /usr/bin/python3 2>/dev/null || true)"

print_env=false
for arg in "$@"; do
  case "$arg" in
    --env) print_env=true ;;
    -h | --help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "build-local-images: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf 'build-local-images: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v docker >/dev/null || die "docker is not installed (apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "no Docker engine answers; start one (dockerd &) and try again"
command -v busybox >/dev/null || die "busybox is missing (apt-get install busybox-static)"
busybox --list | grep -x httpd >/dev/null || die "this busybox has no httpd applet; install busybox-static"
[[ -n "$PYTHON_BIN" && -x "$PYTHON_BIN" ]] || die "/usr/bin/python3 is missing (apt-get install python3)"
python_name="$(basename "$PYTHON_BIN")"
[[ -d "/usr/lib/$python_name" ]] || die "the standard library of $python_name is not in /usr/lib/$python_name"
node_bin="$(command -v node)" || die "node is not on PATH"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Copies a binary or shared object and every library it links against, keeping their paths.
copy_with_libs() {
  local root=$1
  shift
  local f lib
  for f in "$@"; do
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
    for lib in $(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' || true); do
      [[ -e "$root$lib" ]] && continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
}

# Copies the libraries that files already in `root` link against (ldd run on them there).
copy_libs_of() {
  local root=$1
  shift
  local f lib
  for f in "$@"; do
    for lib in $(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' | grep -v "^$root" || true); do
      [[ -e "$root$lib" ]] && continue
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
}

# A busybox userland: sh, ls, cat, env, … as links to one static binary.
add_busybox() {
  local root=$1 applet
  mkdir -p "$root/bin" "$root/usr/bin" "$root/tmp" "$root/etc" "$root/root"
  cp "$(command -v busybox)" "$root/bin/busybox"
  for applet in $(busybox --list); do
    [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
  done
  chmod 1777 "$root/tmp"
  # Scripts start with #!/usr/bin/env (npm's among them).
  ln -s ../../bin/busybox "$root/usr/bin/env"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    mkdir -p "$root/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  fi
}

write_users() {
  local root=$1
  cat >"$root/etc/passwd" <<'USERS'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000:node:/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
USERS
  cat >"$root/etc/group" <<'GROUPS'
root:x:0:
node:x:1000:
nogroup:x:65534:
GROUPS
}

# Imports `root` as image `name` unless an image with the same inputs (`stamp`) exists.
# Files belong to root; home/node belongs to node (1000) so npm can keep its cache there.
import_rootfs() {
  local root=$1 name=$2 stamp=$3
  shift 3
  local tarball="$work/rootfs.tar"
  local previous
  previous="$(docker image inspect -f '{{.Id}}' "$name" 2>/dev/null || true)"
  tar --numeric-owner --owner=0 --group=0 -C "$root" --exclude ./home -cf "$tarball" .
  if [[ -d "$root/home" ]]; then
    tar --numeric-owner --owner=1000 --group=1000 -C "$root" -rf "$tarball" ./home
  fi
  local changes=(-c "LABEL io.pipewright.local-image=$stamp")
  for c in "$@"; do changes+=(-c "$c"); done
  docker import "${changes[@]}" "$tarball" "$name" >/dev/null
  rm -f "$tarball"
  # The image it replaces is left untagged: drop it unless a container still uses it.
  [[ -n "$previous" ]] && docker image rm "$previous" >/dev/null 2>&1 || true
  log "built $name ($(docker image inspect -f '{{.Size}}' "$name" | awk '{printf "%.0f MB", $1/1e6}'))"
}

# Whether `name` exists and was built from the same inputs.
up_to_date() {
  local name=$1 stamp=$2
  [[ "$(docker image inspect -f '{{index .Config.Labels "io.pipewright.local-image"}}' "$name" 2>/dev/null)" == "$stamp" ]]
}

script_hash="$(sha256sum "$0" | cut -c1-16)"

# --- Node --------------------------------------------------------------------------------
node_version="$("$node_bin" -v)"
node_stamp="$script_hash-$node_version-$NPM_PACKAGE"
if up_to_date "$NODE_IMAGE" "$node_stamp"; then
  log "$NODE_IMAGE is up to date"
else
  mkdir -p "$CACHE_DIR"
  npm_tgz="$CACHE_DIR/${NPM_PACKAGE/@/-}.tgz"
  if [[ ! -f "$npm_tgz" ]]; then
    log "fetching $NPM_PACKAGE from the npm registry"
    (cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null) || die "could not fetch $NPM_PACKAGE with npm pack"
    mv "$work"/npm-*.tgz "$npm_tgz"
  fi
  root="$work/node"
  add_busybox "$root"
  write_users "$root"
  mkdir -p "$root/home/node" "$root/usr/local/lib/node_modules/npm"
  copy_with_libs "$root" "$node_bin"
  mkdir -p "$root/usr/local/bin"
  mv "$root$node_bin" "$root/usr/local/bin/node"
  tar -xzf "$npm_tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  import_rootfs "$root" "$NODE_IMAGE" "$node_stamp" \
    'ENV PATH=/usr/local/bin:/usr/bin:/bin' 'ENV NODE_VERSION='"${node_version#v}" 'CMD ["node"]'
fi

# --- Python ------------------------------------------------------------------------------
python_version="$("$PYTHON_BIN" -c 'import sys; print(sys.version.split()[0])')"
python_stamp="$script_hash-$python_version"
if up_to_date "$PYTHON_IMAGE" "$python_stamp"; then
  log "$PYTHON_IMAGE is up to date"
else
  root="$work/python"
  add_busybox "$root"
  write_users "$root"
  copy_with_libs "$root" "$PYTHON_BIN"
  mkdir -p "$root/usr/lib"
  # The standard library without its test suite (a third of its size, never imported by apps).
  tar -C /usr/lib --exclude="$python_name/test" --exclude='__pycache__' -cf - "$python_name" | tar -C "$root/usr/lib" -xf -
  for so in "/usr/lib/$python_name"/lib-dynload/*.so; do copy_with_libs "$root" "$so"; done
  ln -s "$python_name" "$root/usr/bin/python3"
  ln -s "$python_name" "$root/usr/bin/python"
  # PostgreSQL's driver from Debian (python3-psycopg2), for the apps of the PostgreSQL scaffold.
  if [[ -d /usr/lib/python3/dist-packages/psycopg2 ]]; then
    mkdir -p "$root/usr/lib/python3/dist-packages"
    cp -r /usr/lib/python3/dist-packages/psycopg2 "$root/usr/lib/python3/dist-packages/"
    for so in /usr/lib/python3/dist-packages/psycopg2/*.so; do copy_with_libs "$root" "$so"; done
  fi
  # A stand-in for pip: no package index is reachable here, so `pip install -r FILE` only checks
  # that what FILE lists is already in the image (psycopg2-binary is Debian's psycopg2) and says
  # which package is missing otherwise.
  mkdir -p "$root/usr/local/bin"
  cat >"$root/usr/local/bin/pip" <<'PIP'
#!/usr/bin/python3
import importlib.util, re, sys
MODULE = {"psycopg2-binary": "psycopg2", "psycopg2": "psycopg2"}
args = sys.argv[1:]
if not args or args[0] != "install":
    sys.exit("pip stand-in of pipewright-local/python: only `pip install -r FILE` / `pip install NAME` are known")
names = []
rest = args[1:]
while rest:
    a = rest.pop(0)
    if a == "-r":
        for line in open(rest.pop(0), encoding="utf-8"):
            line = line.split("#")[0].strip()
            if line:
                names.append(line)
    elif not a.startswith("-"):
        names.append(a)
missing = [n for n in names if importlib.util.find_spec(MODULE.get(re.split(r"[<>=!~;\[ ]", n)[0].lower(), re.split(r"[<>=!~;\[ ]", n)[0])) is None]
if missing:
    sys.exit("pipewright-local/python has no package index: not in the image: " + ", ".join(missing))
print("pip stand-in: already in the image: " + ", ".join(names))
PIP
  chmod 755 "$root/usr/local/bin/pip"
  import_rootfs "$root" "$PYTHON_IMAGE" "$python_stamp" \
    'ENV PATH=/usr/local/bin:/usr/bin:/bin' 'ENV PYTHONDONTWRITEBYTECODE=1' 'CMD ["python3"]'
fi

# --- Static ------------------------------------------------------------------------------
static_stamp="$script_hash-$(busybox 2>&1 | awk 'NR == 1 {print $2}')"
if up_to_date "$STATIC_IMAGE" "$static_stamp"; then
  log "$STATIC_IMAGE is up to date"
else
  root="$work/static"
  add_busybox "$root"
  write_users "$root"
  import_rootfs "$root" "$STATIC_IMAGE" "$static_stamp" 'ENV PATH=/bin' 'CMD ["sh"]'
fi

# --- Go ----------------------------------------------------------------------------------
[[ -x "$GO_ROOT/bin/go" ]] || die "$GO_ROOT/bin/go is missing (apt-get install golang-go)"
go_stamp="$script_hash-$("$GO_ROOT/bin/go" version | awk '{print $3}')"
if up_to_date "$GO_IMAGE" "$go_stamp"; then
  log "$GO_IMAGE is up to date"
else
  root="$work/go"
  add_busybox "$root"
  write_users "$root"
  mkdir -p "$root/home/node"
  # GOROOT's src, api and misc are links into /usr/share: both trees travel, links kept.
  tar -C / --exclude='*/testdata' --exclude="${GO_ROOT#/}/test" -cf - "${GO_ROOT#/}" "usr/share/$(basename "$GO_ROOT")" | tar -C "$root" -xf -
  copy_with_libs "$root" "$GO_ROOT/bin/go"
  # Debian compiled the standard library with cgo; builds here have CGO off (no C compiler), so
  # it is compiled once more that way now rather than in every sandboxed `go test`.
  GOROOT="$root$GO_ROOT" CGO_ENABLED=0 GOFLAGS= GOCACHE="$work/go-cache" "$root$GO_ROOT/bin/go" install std
  ln -s "..${GO_ROOT#/usr}/bin/go" "$root/usr/bin/go"
  ln -s "..${GO_ROOT#/usr}/bin/gofmt" "$root/usr/bin/gofmt"
  import_rootfs "$root" "$GO_IMAGE" "$go_stamp" \
    "ENV PATH=$GO_ROOT/bin:/usr/local/bin:/usr/bin:/bin" 'ENV CGO_ENABLED=0' 'ENV GOPROXY=off' 'CMD ["go", "version"]'
fi

# --- Java (JDK + Maven, offline) and its runtime --------------------------------------------
[[ -x "$JDK_HOME/bin/javac" ]] || die "$JDK_HOME/bin/javac is missing (apt-get install openjdk-17-jdk-headless)"
[[ -d /usr/share/maven-repo/org/apache/maven/plugins/maven-surefire-plugin ]] || die "Maven's plugins are missing (apt-get install maven libmaven-compiler-plugin-java libsurefire-java junit5)"
java_version="$("$JDK_HOME/bin/java" -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')"
java_stamp="$script_hash-$java_version-$(dpkg-query -W -f='${Version}' maven 2>/dev/null)-$(find /usr/share/maven-repo | wc -l)"
if up_to_date "$JAVA_IMAGE" "$java_stamp"; then
  log "$JAVA_IMAGE is up to date"
else
  root="$work/java"
  add_busybox "$root"
  write_users "$root"
  mkdir -p "$root/home/node" "$root/usr/lib/jvm" "$root/usr/share/java"
  # Links into /etc and /usr/share/java are followed: the image has neither tree.
  # (src.zip is a link to a package that is not installed.)
  tar -C / -h --exclude='*/src.zip' -cf - "${JDK_HOME#/}" | tar -C "$root" -xf -
  for f in "$root$JDK_HOME"/bin/* "$root$JDK_HOME"/lib/*.so "$root$JDK_HOME"/lib/server/*.so; do
    copy_with_libs "$root" "${f#$root}"
  done
  cp -rL /usr/share/maven "$root/usr/share/maven"
  cp -rL /usr/share/maven-repo "$root/usr/share/maven-repo"
  # Debian's repository is complete for what it packages: Maven never needs to reach out, and
  # never writes there (the sandbox's root is read-only).
  cat >"$root/usr/share/maven/conf/settings.xml" <<'SETTINGS'
<settings>
  <localRepository>/usr/share/maven-repo</localRepository>
  <offline>true</offline>
</settings>
SETTINGS
  ln -s ../share/maven/bin/mvn "$root/usr/bin/mvn"
  import_rootfs "$root" "$JAVA_IMAGE" "$java_stamp" \
    "ENV PATH=$JDK_HOME/bin:/usr/local/bin:/usr/bin:/bin" "ENV JAVA_HOME=$JDK_HOME" 'ENV MAVEN_OPTS=-Xmx512m' 'CMD ["mvn", "-v"]'
fi
java_runtime_stamp="$script_hash-$java_version-$JRE_MODULES"
if up_to_date "$JAVA_RUNTIME_IMAGE" "$java_runtime_stamp"; then
  log "$JAVA_RUNTIME_IMAGE is up to date"
else
  root="$work/java-runtime"
  add_busybox "$root"
  write_users "$root"
  mkdir -p "$root/opt"
  "$JDK_HOME/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files --output "$root/opt/java"
  copy_libs_of "$root" "$root/opt/java/bin/java" "$root"/opt/java/lib/*.so "$root"/opt/java/lib/server/*.so
  import_rootfs "$root" "$JAVA_RUNTIME_IMAGE" "$java_runtime_stamp" \
    'ENV PATH=/opt/java/bin:/usr/bin:/bin' 'ENV JAVA_HOME=/opt/java' 'CMD ["java", "-version"]'
fi

# --- Rust --------------------------------------------------------------------------------
# Debian's own rustc and cargo (a rustup toolchain elsewhere on PATH is not Debian's).
[[ -x /usr/bin/rustc && -x /usr/bin/cargo ]] || die "/usr/bin/rustc or /usr/bin/cargo is missing (apt-get install rustc cargo)"
gcc_dir="$(dirname "$(gcc -print-libgcc-file-name)")"
rust_stamp="$script_hash-$(/usr/bin/rustc -V | awk '{print $2}')-$(/usr/bin/cargo -V | awk '{print $2}')"
if up_to_date "$RUST_IMAGE" "$rust_stamp"; then
  log "$RUST_IMAGE is up to date"
else
  root="$work/rust"
  add_busybox "$root"
  write_users "$root"
  mkdir -p "$root/home/node"
  copy_with_libs "$root" /usr/bin/rustc /usr/bin/cargo /usr/bin/rustdoc
  tar -C / --exclude='*/src' -cf - usr/lib/rustlib | tar -C "$root" -xf -
  # rustc links through cc: gcc's driver, its support files (not its compilers), GNU ld and
  # glibc's start files and archives (static binaries need libc.a).
  copy_with_libs "$root" "$(readlink -f /usr/bin/gcc)" "$(readlink -f /usr/bin/ld)" "$gcc_dir/collect2" "$gcc_dir/liblto_plugin.so"
  ln -s "$(basename "$(readlink -f /usr/bin/gcc)")" "$root/usr/bin/cc"
  ln -sf "$(basename "$(readlink -f /usr/bin/gcc)")" "$root/usr/bin/gcc"
  ln -s "$(basename "$(readlink -f /usr/bin/ld)")" "$root/usr/bin/ld"
  cp -L "$gcc_dir"/*.o "$gcc_dir"/*.a "$gcc_dir"/libgcc_s.so "$root$gcc_dir/" 2>/dev/null || true
  for f in $(dpkg -L libc6-dev | grep -E '/usr/lib/x86_64-linux-gnu/[^/]+\.(a|o|so)$'); do
    mkdir -p "$root$(dirname "$f")"
    cp -P "$f" "$root$f"
  done
  # libc.so and libm.so are linker scripts naming the real libraries, which ldd did not list.
  for lib in /lib/x86_64-linux-gnu/libmvec.so.1 /usr/lib/x86_64-linux-gnu/libc_nonshared.a; do
    [[ -e "$lib" ]] && { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
  done
  import_rootfs "$root" "$RUST_IMAGE" "$rust_stamp" \
    'ENV PATH=/usr/local/bin:/usr/bin:/bin' 'ENV CARGO_NET_OFFLINE=true' 'CMD ["cargo", "-V"]'
fi

# --- PostgreSQL --------------------------------------------------------------------------
pg_bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
[[ -n "$pg_bin_dir" ]] || die "PostgreSQL is missing (apt-get install postgresql)"
pg_home="$(dirname "$pg_bin_dir")"
pg_major="$(basename "$pg_home")"
pg_stamp="$script_hash-$("$pg_bin_dir/postgres" -V | awk '{print $3}')"
if up_to_date "$POSTGRES_IMAGE" "$pg_stamp"; then
  log "$POSTGRES_IMAGE is up to date"
else
  root="$work/postgres"
  add_busybox "$root"
  write_users "$root"
  echo 'postgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh' >>"$root/etc/passwd"
  echo 'postgres:x:999:' >>"$root/etc/group"
  for f in "$pg_bin_dir"/* "$pg_home"/lib/*.so; do copy_with_libs "$root" "$f"; done
  mkdir -p "$root/usr/local/bin" "$root/usr/share/postgresql" "$root/usr/share/zoneinfo" "$root/var/lib/postgresql" "$root/var/run/postgresql"
  cp -r "/usr/share/postgresql/$pg_major" "$root/usr/share/postgresql/"
  # Debian builds PostgreSQL against the system's time zone data.
  cp -r /usr/share/zoneinfo/. "$root/usr/share/zoneinfo/"
  cat >"$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRY'
#!/bin/sh
# Starts as root: hands the data folder (often a fresh volume) to postgres, then runs as postgres.
set -e
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec su postgres -s /bin/sh -c 'exec "$0" "$@"' -- "$0" "$@"
fi
user="${POSTGRES_USER:-postgres}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ]; then
    echo "error: POSTGRES_PASSWORD is not set; give the database a password in the environment" >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # As the official image: a database named POSTGRES_DB, or after the user (initdb makes only "postgres").
  db="${POSTGRES_DB:-$user}"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\"" | postgres --single -D "$PGDATA" -j template1 >/dev/null
  fi
  echo "initialised the database in $PGDATA"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
ENTRY
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  import_rootfs "$root" "$POSTGRES_IMAGE" "$pg_stamp" \
    "ENV PATH=/usr/local/bin:$pg_bin_dir:/usr/bin:/bin" 'ENV PGDATA=/var/lib/postgresql/data' 'EXPOSE 5432' \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]'
fi

if $print_env; then
  cat <<ENV
export PIPEWRIGHT_IMAGE_NODE=$NODE_IMAGE
export PIPEWRIGHT_IMAGE_PYTHON=$PYTHON_IMAGE
export PIPEWRIGHT_IMAGE_STATIC=$STATIC_IMAGE
export PIPEWRIGHT_IMAGE_SANDBOX=$NODE_IMAGE
export PIPEWRIGHT_IMAGE_GO=$GO_IMAGE
export PIPEWRIGHT_IMAGE_JAVA=$JAVA_IMAGE
export PIPEWRIGHT_IMAGE_JAVA_RUNTIME=$JAVA_RUNTIME_IMAGE
export PIPEWRIGHT_IMAGE_RUST=$RUST_IMAGE
export PIPEWRIGHT_IMAGE_POSTGRES=$POSTGRES_IMAGE
ENV
fi
