#!/usr/bin/env bash
# Builds stand-ins for the model servers' images, for the tests of the vllm-server,
# ollama-server and litellm-router nodes. The real images are gigabytes, need a GPU (vLLM) or
# a registry, and load real weights; these are small Node servers (.ci/images/stand-ins/) that
# take the same command line and speak the same HTTP API:
#
#   pipewright-stand-in/vllm      vLLM's OpenAI-compatible server (`vllm serve` arguments)
#   pipewright-stand-in/ollama    Ollama's /api (pull with progress, tags) and /v1
#   pipewright-stand-in/litellm   the LiteLLM proxy: config.yaml, master key, /health/readiness,
#                                 requests forwarded to the deployments of each alias
#
# They are built on pipewright-local/node (.ci/images/build-local-images.sh, run first) from
# files in this repository; js-yaml comes from node_modules (npm ci first). Usage:
#   .ci/images/build-model-stand-ins.sh     build what is missing or out of date
# Progress goes to stderr.
set -euo pipefail

BASE_IMAGE=pipewright-local/node
VLLM_IMAGE=pipewright-stand-in/vllm
OLLAMA_IMAGE=pipewright-stand-in/ollama
LITELLM_IMAGE=pipewright-stand-in/litellm

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
here=.ci/images
log() { printf 'build-model-stand-ins: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
  *) die "unknown option $1 (try --help)" ;;
esac

command -v docker >/dev/null || die "docker is not installed (apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "no Docker engine answers; start one (dockerd &) and try again"
base_id="$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE" 2>/dev/null)" ||
  die "$BASE_IMAGE is missing; build it first with $here/build-local-images.sh"
js_yaml=node_modules/js-yaml/dist/js-yaml.js
[[ -f "$js_yaml" ]] || die "$js_yaml is missing (the LiteLLM stand-in reads config.yaml with it); run npm ci first"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/stand-in"
cp "$here"/stand-ins/*.cjs "$work/stand-in/"
cp "$js_yaml" "$work/stand-in/js-yaml.js"
inputs_hash="$(cat "$0" "$work"/stand-in/* | sha256sum | cut -c1-16)"

# Builds `name` unless an image from the same inputs (stand-in files, this script, base) exists.
build() {
  local name=$1 stamp="$inputs_hash-${base_id#sha256:}"
  shift
  if [[ "$(docker image inspect -f '{{index .Config.Labels "io.pipewright.local-image"}}' "$name" 2>/dev/null)" == "$stamp" ]]; then
    log "$name is up to date"
    return
  fi
  local previous
  previous="$(docker image inspect -f '{{.Id}}' "$name" 2>/dev/null || true)"
  {
    echo "FROM $BASE_IMAGE"
    echo "COPY stand-in /stand-in"
    echo "LABEL io.pipewright.local-image=$stamp io.pipewright.stand-in=true"
    printf '%s\n' "$@"
  } >"$work/Dockerfile"
  local out
  # Quiet unless it fails (the client's notice about its legacy builder is noise here).
  out="$(docker build -q -t "$name" "$work" 2>&1)" || { printf '%s\n' "$out" >&2; die "building $name failed"; }
  # The image it replaces is left untagged: drop it unless a container still uses it.
  [[ -n "$previous" && "$previous" != "$(docker image inspect -f '{{.Id}}' "$name")" ]] && docker image rm "$previous" >/dev/null 2>&1 || true
  log "built $name"
}

build "$VLLM_IMAGE" 'EXPOSE 8000' 'ENTRYPOINT ["node", "/stand-in/vllm.cjs"]'
build "$OLLAMA_IMAGE" 'ENV OLLAMA_HOST=0.0.0.0:11434' 'EXPOSE 11434' 'ENTRYPOINT ["node", "/stand-in/ollama.cjs"]' 'CMD ["serve"]'
build "$LITELLM_IMAGE" 'EXPOSE 4000' 'ENTRYPOINT ["node", "/stand-in/litellm.cjs"]' 'CMD ["--port", "4000"]'
