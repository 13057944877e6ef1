# One security group per role tier. Pod-to-pod traffic (Calico, VXLAN) and
# kubelet traffic flow between all nodes of the cluster; the public reaches
# only the ALB; SSH only through the bastion.
resource "aws_security_group" "bastion" {
  #checkov:skip=CKV_AWS_24:SSH is open only to var.admin_cidrs, whose validation rejects 0.0.0.0/0
  name        = "${local.name}-bastion"
  description = "SSH entry for operators and Ansible"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH from the admin ranges"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  egress {
    description = "SSH to the nodes"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    description = "Kubernetes API on the control plane (kubectl through the bastion)"
    from_port   = 6443
    to_port     = 6443
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_security_group" "alb" {
  #checkov:skip=CKV2_AWS_5:Attached to the ALB by the AWS Load Balancer Controller (Ingress annotation alb.ingress.kubernetes.io/security-groups)
  #checkov:skip=CKV_AWS_260:Port 80 is open to the world only to redirect to HTTPS (ssl-redirect on the Ingress)
  name        = "${local.name}-alb"
  description = "Public HTTPS load balancer in front of the API pods"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTP from anywhere, redirected to HTTPS"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "To the API pods (target-type ip) on the nodes"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }
}

# Common to every node: cluster-internal traffic between nodes, SSH from the
# bastion, and egress to the internet through NAT (images, OS packages, S3).
resource "aws_security_group" "node" {
  #checkov:skip=CKV_AWS_382:Nodes pull container images, OS packages and reach AWS APIs through NAT; egress is narrowed per pod by NetworkPolicies
  name        = "${local.name}-node"
  description = "Every Kubernetes node"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "All traffic between cluster nodes (kubelet, Calico VXLAN and BGP, pod traffic)"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  ingress {
    description     = "SSH from the bastion"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    description = "Outbound through NAT"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "control_plane" {
  #checkov:skip=CKV2_AWS_5:Attached to the nodes of its tier through local.tier_security_groups in nodes.tf
  name        = "${local.name}-control-plane"
  description = "Kubernetes API server and etcd"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Kubernetes API from the bastion"
    from_port       = 6443
    to_port         = 6443
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }

  egress {
    description = "Kubernetes API answers stay in the VPC"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_security_group" "api" {
  #checkov:skip=CKV2_AWS_5:Attached to the nodes of its tier through local.tier_security_groups in nodes.tf
  name        = "${local.name}-api"
  description = "API nodes: the ALB reaches API pods on 8000"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "API pods from the ALB"
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    description = "Answers stay in the VPC"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }
}

# Workers and infra nodes take no traffic from outside the cluster; their
# groups exist so rules can be added per role without touching the others.
resource "aws_security_group" "worker" {
  #checkov:skip=CKV2_AWS_5:Attached to the nodes of its tier through local.tier_security_groups in nodes.tf
  name        = "${local.name}-worker"
  description = "Worker nodes (ai, storage and relay)"
  vpc_id      = aws_vpc.main.id

  egress {
    description = "Within the VPC"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_security_group" "infra" {
  #checkov:skip=CKV2_AWS_5:Attached to the nodes of its tier through local.tier_security_groups in nodes.tf
  name        = "${local.name}-infra"
  description = "Infra nodes (PostgreSQL, Redis, RabbitMQ, monitoring)"
  vpc_id      = aws_vpc.main.id

  egress {
    description = "Within the VPC"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }
}

locals {
  tier_security_groups = {
    "control-plane" = aws_security_group.control_plane.id
    "api"           = aws_security_group.api.id
    "worker"        = aws_security_group.worker.id
    "infra"         = aws_security_group.infra.id
  }
}
