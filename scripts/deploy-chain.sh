#!/usr/bin/env bash
# The whole deployment chain, from AWS to running Applications:
#
#   1. terraform apply           (deploy/terraform: VPC, nodes, S3, CDN, DNS, IAM)
#   2. inventory                 (terraform output -> deploy/ansible/inventory/hosts.yml)
#   3. prod settings             (bucket names, certificate ARN -> the prod overlay)
#   4. ansible playbooks         (node prep, containerd, kubeadm init, Calico, join, labels/taints)
#   5. kubeconfig via bastion    (SSH tunnel to the API server)
#   6. argocd bootstrap          (install Argo CD into namespace argocd)
#   7. applicationset            (add-ons, project, one Application per workload)
#
# Usage: scripts/deploy-chain.sh [--dry-run] [--yes] [--from STEP]
#   --dry-run   print every step's commands without running anything
#   --yes       pass -auto-approve to terraform apply
#   --from N    start at step N (1-7), e.g. after fixing a failed playbook
# Environment: TF_STATE_BUCKET (from deploy/terraform/bootstrap), TF_VAR_FILE
# (default deploy/terraform/terraform.tfvars), ARGOCD_VERSION.
# See docs/deployment.md for the whole procedure.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TF_DIR="$ROOT/deploy/terraform"
ANSIBLE_DIR="$ROOT/deploy/ansible"
ARTIFACTS="$ANSIBLE_DIR/artifacts"
export ANSIBLE_CONFIG="$ANSIBLE_DIR/ansible.cfg" ANSIBLE_ROLES_PATH="$ANSIBLE_DIR/roles"
INVENTORY="$ANSIBLE_DIR/inventory/hosts.yml"
OUTPUTS="$ARTIFACTS/terraform-outputs.json"
KUBECONFIG_LOCAL="$ARTIFACTS/admin.conf"
TF_VAR_FILE=${TF_VAR_FILE:-$TF_DIR/terraform.tfvars}
ARGOCD_VERSION=${ARGOCD_VERSION:-v2.13.1}
ARGOCD_MANIFEST="https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_VERSION}/manifests/install.yaml"

DRY_RUN=0
AUTO_APPROVE=()
FROM=1

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    --yes) AUTO_APPROVE=(-auto-approve) ;;
    --from) FROM=${2:?--from needs a step number}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

step() { # number, title
  CURRENT=$1
  if (( CURRENT >= FROM )); then
    printf '\n==> [%s/7] %s\n' "$1" "$2"
  fi
}

active() { (( CURRENT >= FROM )); }

run() { # print, then run unless --dry-run
  active || return 0
  printf '+ %s\n' "$*"
  if (( ! DRY_RUN )); then "$@"; fi
}

run_sh() { # same, for a pipeline given as one string
  active || return 0
  printf '+ %s\n' "$1"
  if (( ! DRY_RUN )); then bash -o pipefail -c "$1"; fi
}

tf_output() { # name -> raw value (placeholder in a dry run)
  if (( DRY_RUN )); then echo "<terraform output $1>"; else terraform -chdir="$TF_DIR" output -raw "$1"; fi
}

need() {
  (( DRY_RUN )) && return 0
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if (( ${#missing[@]} )); then echo "missing tools: ${missing[*]}" >&2; exit 1; fi
}

need terraform ansible-playbook kubectl ssh python3
if (( ! DRY_RUN )) && (( FROM <= 1 )); then
  : "${TF_STATE_BUCKET:?set TF_STATE_BUCKET to the bucket made by deploy/terraform/bootstrap}"
  [[ -f $TF_VAR_FILE ]] || { echo "missing $TF_VAR_FILE (see terraform.tfvars.example)" >&2; exit 1; }
fi
mkdir -p "$ARTIFACTS"

step 1 "terraform apply (AWS layer)"
run terraform -chdir="$TF_DIR" init -input=false -backend-config="bucket=${TF_STATE_BUCKET:-<state bucket>}"
run terraform -chdir="$TF_DIR" apply -input=false -var-file="$TF_VAR_FILE" "${AUTO_APPROVE[@]}"

step 2 "Ansible inventory from terraform output"
run_sh "terraform -chdir='$TF_DIR' output -json > '$OUTPUTS'"
run_sh "python3 '$ANSIBLE_DIR/inventory/from_terraform.py' < '$OUTPUTS' > '$INVENTORY'"

step 3 "prod overlay settings from terraform output"
PLATFORM="$ROOT/deploy/k8s/overlays/prod/apps/platform/patches"
run_sh "python3 - '$OUTPUTS' '$PLATFORM' <<'PY'
import json, pathlib, re, sys
out = {k: v['value'] for k, v in json.load(open(sys.argv[1])).items()}
patches = pathlib.Path(sys.argv[2])
def sub(name, pattern, value):
    path = patches / name
    path.write_text(re.sub(pattern, value, path.read_text()))
sub('ingress-alb.yaml', r'(certificate-arn: ).*', r'\g<1>' + out['api_certificate_arn'])
sub('ingress-alb.yaml', r'(hostname: |host: )api\.[^\s]+', r'\g<1>' + out['api_host'])
sub('config.yaml', r's3://[a-z0-9.-]+-images', 's3://' + out['images_bucket'])
sub('config.yaml', r'(bucket: ).*', r'\g<1>' + out['backup_bucket'])
print('updated', patches, '- commit these files so Argo CD deploys them')
PY"

step 4 "Ansible: nodes, containerd, kubeadm, Calico, join, labels and taints"
for playbook in prepare-nodes containerd control-plane calico join-nodes node-labels; do
  run ansible-playbook -i "$INVENTORY" "$ANSIBLE_DIR/playbooks/$playbook.yml"
done

step 5 "kubeconfig through the bastion"
BASTION="<bastion>"
if active; then BASTION=$(tf_output bastion_public_ip); fi
CONTROL_PLANE_IP="<control-plane ip>"
if active && (( ! DRY_RUN )); then
  CONTROL_PLANE_IP=$(python3 -c "
import json, sys
nodes = json.load(open(sys.argv[1]))['nodes']['value']
print(next(n['private_ip'] for n in nodes.values() if n['tier'] == 'control-plane'))" "$OUTPUTS")
fi
run ssh -f -N -o ExitOnForwardFailure=yes -L 6443:"$CONTROL_PLANE_IP":6443 "ubuntu@$BASTION"
CLUSTER="<cluster>"
if active; then CLUSTER=$(tf_output cluster_name); fi
run kubectl --kubeconfig "$KUBECONFIG_LOCAL" config set-cluster "$CLUSTER" --server=https://127.0.0.1:6443
export KUBECONFIG="$KUBECONFIG_LOCAL"
run kubectl get nodes -L ecoeco.io/role

step 6 "Argo CD bootstrap ($ARGOCD_VERSION)"
run_sh "kubectl create namespace argocd --dry-run=client -o yaml | kubectl apply -f -"
run kubectl apply -n argocd --server-side --force-conflicts -f "$ARGOCD_MANIFEST"
run kubectl -n argocd rollout status deployment/argocd-server --timeout=600s
run kubectl -n argocd rollout status deployment/argocd-applicationset-controller --timeout=600s

step 7 "ApplicationSet: add-ons, project, one Application per workload"
run kubectl apply -k "$ROOT/deploy/argocd"
run kubectl -n argocd get applications

printf '\n%s\n' "$( (( DRY_RUN )) && echo 'dry run: nothing was changed' || echo 'done: watch Argo CD sync with: kubectl -n argocd get applications -w')"
