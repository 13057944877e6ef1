locals {
  name = "ecoeco-${var.environment}"

  # One entry per node: "api-scan-1" => { role, tier, index, ... }.
  nodes = merge([
    for role, group in var.node_groups : {
      for i in range(group.count) : "${role}-${i + 1}" => merge(group, { role = role, index = i })
    }
  ]...)

  public_subnets  = { for i, az in var.availability_zones : az => cidrsubnet(var.vpc_cidr, 4, i) }
  private_subnets = { for i, az in var.availability_zones : az => cidrsubnet(var.vpc_cidr, 4, i + 8) }

  api_host    = "${var.api_subdomain}.${var.domain_name}"
  images_host = "${var.images_subdomain}.${var.domain_name}"
  ami_id      = var.ami_id != "" ? var.ami_id : data.aws_ami.ubuntu.id
}

data "aws_caller_identity" "current" {}

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"] # Canonical

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"]
  }
}
