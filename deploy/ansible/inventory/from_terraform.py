#!/usr/bin/env python3
"""Write the Ansible inventory from `terraform output -json`.

    terraform -chdir=deploy/terraform output -json \
      | python3 deploy/ansible/inventory/from_terraform.py > deploy/ansible/inventory/hosts.yml

Groups: control_plane, api, worker, infra (by tier) and k8s_workers (all but
the control plane). Each host carries node_role, node_tier, node_tainted.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def inventory(outputs: dict[str, Any]) -> dict[str, Any]:
    nodes = outputs["nodes"]["value"]
    bastion = outputs["bastion_public_ip"]["value"]
    groups: dict[str, dict[str, Any]] = {"control_plane": {}, "api": {}, "worker": {}, "infra": {}}
    for name, node in sorted(nodes.items()):
        tier = "control_plane" if node["tier"] == "control-plane" else node["tier"]
        groups[tier][name] = {
            "ansible_host": node["private_ip"],
            "node_role": node["role"],
            "node_tier": node["tier"],
            "node_tainted": node["tainted"],
        }
    ssh_args = f"-o ProxyJump=ubuntu@{bastion} -o StrictHostKeyChecking=accept-new"
    return {
        "all": {
            "vars": {
                "ansible_user": "ubuntu",
                "ansible_ssh_common_args": ssh_args,
                "cluster_name": outputs["cluster_name"]["value"],
                "pod_cidr": outputs["pod_cidr"]["value"],
            },
            "children": {
                "control_plane": {"hosts": groups["control_plane"]},
                "k8s_workers": {
                    "children": {
                        tier: {"hosts": groups[tier]} for tier in ("api", "worker", "infra")
                    },
                },
            },
        }
    }


def main() -> int:
    outputs = json.load(sys.stdin)
    # JSON is valid YAML; Ansible reads it as hosts.yml.
    json.dump(inventory(outputs), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
