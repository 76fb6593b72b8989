#!/usr/bin/env bash
# A second Docker engine on this machine, as a remote one looks to Pipewright: its own network
# namespace joined to the host by a veth pair with private addresses, its own data and exec
# roots, listening on TCP with TLS (a CA and certificates made here with openssl), and the
# local test images loaded into it. Only addresses of the namespace it makes are ever used.
#
#   .ci/tools/second-engine.sh up NAME DIR    start it (DIR: an empty folder for its files);
#                                             prints shell assignments: ADDR, HOST_ADDR, HOST
#                                             (tcp://ADDR:2376), CERTS (ca.pem, cert.pem, key.pem)
#   .ci/tools/second-engine.sh load NAME DIR IMAGE…   copy images from the local engine into it
#   .ci/tools/second-engine.sh kill NAME DIR  kill its daemon at once (a machine going away)
#   .ci/tools/second-engine.sh down NAME DIR  stop it, remove the namespace, veth and DIR
#
# NAME is short ([a-z0-9], ≤ 8 characters); each NAME gets its own /30 out of 10.213.0.0/16.
# Needs root, ip (iproute2), nsenter (util-linux), openssl and dockerd. The daemon starts with
# nsenter --net (not `ip netns exec`, whose fresh /sys hides the cgroup mounts dockerd needs).
set -euo pipefail

cmd="${1:-}"; name="${2:-}"; dir="${3:-}"
[[ -n "$cmd" && "$name" =~ ^[a-z0-9]{1,8}$ && -n "$dir" ]] || { sed -n '2,15p' "$0" >&2; exit 2; }
shift 3 || true
log() { printf 'second-engine: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

ns="pw-$name"
veth_host="pwh-$name"
veth_ns="pwn-$name"
# A /30 per name from a hash of it: .1 on the host side, .2 inside.
n=$(( $(printf '%s' "$name" | cksum | cut -d' ' -f1) % 16000 ))
base="10.213.$(( n / 64 )).$(( (n % 64) * 4 ))"
prefix="${base%.*}"; last="${base##*.}"
host_addr="$prefix.$(( last + 1 ))"
addr="$prefix.$(( last + 2 ))"
port=2376
certs="$dir/certs"
client=(docker --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/cert.pem" --tlskey "$certs/key.pem" -H "tcp://$addr:$port")

make_certs() {
  mkdir -p "$certs"
  (
    cd "$certs"
    openssl genrsa -out ca-key.pem 2048 2>/dev/null
    openssl req -new -x509 -days 2 -key ca-key.pem -subj "/CN=pipewright-test-ca" -out ca.pem 2>/dev/null
    openssl genrsa -out server-key.pem 2048 2>/dev/null
    openssl req -new -key server-key.pem -subj "/CN=$addr" -out server.csr 2>/dev/null
    printf 'subjectAltName = IP:%s\nextendedKeyUsage = serverAuth\n' "$addr" >server.ext
    openssl x509 -req -days 2 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl genrsa -out key.pem 2048 2>/dev/null
    openssl req -new -key key.pem -subj "/CN=pipewright-test-client" -out client.csr 2>/dev/null
    printf 'extendedKeyUsage = clientAuth\n' >client.ext
    openssl x509 -req -days 2 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile client.ext -out cert.pem 2>/dev/null
    chmod 600 ./*key.pem
  )
}

up() {
  [[ $(id -u) == 0 ]] || die "needs root (it makes a network namespace and starts dockerd)"
  for tool in ip nsenter openssl dockerd docker; do command -v "$tool" >/dev/null || die "$tool is missing"; done
  ip netns list | grep -qw "$ns" && die "namespace $ns exists already; run: $0 down $name DIR"
  mkdir -p "$dir"
  ip netns add "$ns"
  ip link add "$veth_host" type veth peer name "$veth_ns"
  ip link set "$veth_ns" netns "$ns"
  ip addr add "$host_addr/30" dev "$veth_host"
  ip link set "$veth_host" up
  ip netns exec "$ns" ip addr add "$addr/30" dev "$veth_ns"
  ip netns exec "$ns" ip link set "$veth_ns" up
  ip netns exec "$ns" ip link set lo up
  ip netns exec "$ns" ip route add default via "$host_addr"
  make_certs
  mkdir -p "$dir/data" "$dir/exec"
  # setsid: the daemon outlives this script and is not killed with the caller's process group.
  setsid nsenter --net="/var/run/netns/$ns" dockerd \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" -H "tcp://$addr:$port" \
    --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/server-cert.pem" --tlskey "$certs/server-key.pem" \
    </dev/null >"$dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 150); do
    if "${client[@]}" version >/dev/null 2>&1; then
      printf 'ADDR=%s\nHOST_ADDR=%s\nHOST=tcp://%s:%s\nCERTS=%s\n' "$addr" "$host_addr" "$addr" "$port" "$certs"
      return 0
    fi
    sleep 0.2
  done
  tail -20 "$dir/dockerd.log" >&2 || true
  die "the second dockerd did not answer on tcp://$addr:$port within 30 s"
}

load() {
  (( $# > 0 )) || die "name the images to load"
  docker save "$@" | "${client[@]}" load -q >&2
}

kill_daemon() {
  [[ -f "$dir/dockerd.pid" ]] && kill -9 "$(cat "$dir/dockerd.pid")" 2>/dev/null || true
  # Its containers' shims die with the namespace's network; their processes are ended in down.
}

down() {
  if [[ -f "$dir/dockerd.pid" ]]; then
    pid=$(cat "$dir/dockerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Container processes a killed daemon left behind (their shims hold the exec root).
  for shim_pid in $(pgrep -f -- "containerd-shim.*$dir/exec" || true); do kill -9 "$shim_pid" 2>/dev/null || true; done
  for m in $(awk -v d="$dir" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  ip link del "$veth_host" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$dir"
}

case "$cmd" in
  up) up ;;
  load) load "$@" ;;
  kill) kill_daemon ;;
  down) down ;;
  *) die "unknown command $cmd (up, load, kill, down)" ;;
esac
