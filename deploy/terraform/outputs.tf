# scripts/deploy-chain.sh turns these into the Ansible inventory and the
# prod overlay's settings.
output "nodes" {
  description = "Every node: private IP, role and tier, and whether its role is tainted."
  value = {
    for name, node in aws_instance.node : name => {
      private_ip = node.private_ip
      role       = local.nodes[name].role
      tier       = local.nodes[name].tier
      tainted    = local.nodes[name].tainted
    }
  }
}

output "bastion_public_ip" {
  description = "SSH jump host for Ansible and kubectl."
  value       = aws_eip.bastion.public_ip
}

output "cluster_name" {
  description = "Name used in kubernetes.io/cluster/<name> tags."
  value       = local.name
}

output "vpc_cidr" {
  description = "VPC range (the prod NetworkPolicy for the ALB must match its public part)."
  value       = var.vpc_cidr
}

output "pod_cidr" {
  description = "Pod network for Calico; must not overlap the VPC."
  value       = "192.168.0.0/16"
}

output "images_bucket" {
  description = "Bucket for ECOECO_STORAGE_URL."
  value       = aws_s3_bucket.images.id
}

output "backup_bucket" {
  description = "Bucket for the PostgreSQL backup CronJob."
  value       = aws_s3_bucket.backups.id
}

output "api_certificate_arn" {
  description = "ACM certificate for the ALB Ingress."
  value       = aws_acm_certificate_validation.api.certificate_arn
}

output "api_host" {
  description = "Public API host name."
  value       = local.api_host
}

output "images_cdn_host" {
  description = "CloudFront host serving images."
  value       = local.images_host
}

output "app_log_group" {
  description = "CloudWatch log group Fluent Bit writes to."
  value       = aws_cloudwatch_log_group.app.name
}
