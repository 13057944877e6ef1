variable "region" {
  description = "AWS region of the cluster."
  type        = string
  default     = "ap-northeast-2"
}

variable "environment" {
  description = "Environment name, used in resource names."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "VPC range. Public subnets take the first /20s (keep in step with the prod NetworkPolicy for the ALB)."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Zones to spread subnets and nodes over."
  type        = list(string)
  default     = ["ap-northeast-2a", "ap-northeast-2c"]
}

variable "admin_cidrs" {
  description = "Ranges allowed to SSH to the bastion (the operator's office or VPN)."
  type        = list(string)

  validation {
    condition     = length(var.admin_cidrs) > 0 && !contains(var.admin_cidrs, "0.0.0.0/0")
    error_message = "admin_cidrs must name the operators' ranges, not the whole internet."
  }
}

variable "ssh_public_key" {
  description = "Public key installed on the bastion and the nodes for Ansible."
  type        = string
}

variable "domain_name" {
  description = "Existing public Route53 zone, e.g. ecoeco.example."
  type        = string
}

variable "api_subdomain" {
  description = "Host of the API under domain_name."
  type        = string
  default     = "api"
}

variable "images_subdomain" {
  description = "Host of the CloudFront distribution serving images under domain_name."
  type        = string
  default     = "images"
}

variable "ami_id" {
  description = "Ubuntu 24.04 LTS AMI for the nodes (empty: the latest from Canonical)."
  type        = string
  default     = ""
}

variable "node_groups" {
  description = "Nodes per role. The key is the role label (ecoeco.io/role); tier is control-plane, api, worker or infra; tainted roles only run pods that tolerate ecoeco.io/dedicated=<role>."
  type = map(object({
    tier          = string
    count         = number
    instance_type = string
    volume_size   = number
    tainted       = bool
  }))
  default = {
    "control-plane"    = { tier = "control-plane", count = 1, instance_type = "t3.large", volume_size = 50, tainted = false }
    "api-auth"         = { tier = "api", count = 1, instance_type = "t3.medium", volume_size = 30, tainted = false }
    "api-users"        = { tier = "api", count = 1, instance_type = "t3.medium", volume_size = 30, tainted = false }
    "api-scan"         = { tier = "api", count = 1, instance_type = "t3.medium", volume_size = 30, tainted = false }
    "api-character"    = { tier = "api", count = 1, instance_type = "t3.medium", volume_size = 30, tainted = false }
    "api-location"     = { tier = "api", count = 1, instance_type = "t3.medium", volume_size = 30, tainted = false }
    "api-info"         = { tier = "api", count = 1, instance_type = "t3.medium", volume_size = 30, tainted = false }
    "api-chat"         = { tier = "api", count = 1, instance_type = "t3.large", volume_size = 30, tainted = false }
    "worker-ai"        = { tier = "worker", count = 1, instance_type = "c6i.xlarge", volume_size = 50, tainted = true }
    "worker-storage"   = { tier = "worker", count = 1, instance_type = "t3.large", volume_size = 50, tainted = true }
    "infra-postgres"   = { tier = "infra", count = 1, instance_type = "r6i.large", volume_size = 50, tainted = true }
    "infra-redis"      = { tier = "infra", count = 1, instance_type = "r6i.large", volume_size = 30, tainted = true }
    "infra-rabbitmq"   = { tier = "infra", count = 1, instance_type = "t3.large", volume_size = 30, tainted = true }
    "infra-monitoring" = { tier = "infra", count = 1, instance_type = "t3.xlarge", volume_size = 100, tainted = true }
  }

  validation {
    condition     = alltrue([for g in values(var.node_groups) : contains(["control-plane", "api", "worker", "infra"], g.tier)])
    error_message = "tier must be control-plane, api, worker or infra."
  }

  validation {
    condition     = length([for g in values(var.node_groups) : g if g.tier == "control-plane"]) == 1
    error_message = "Exactly one control-plane group is supported (kubeadm single control plane)."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention for the app logs."
  type        = number
  default     = 365
}
