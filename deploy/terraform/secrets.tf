# Secrets Manager entries that External Secrets reads. Terraform creates the
# empty containers only; an operator puts the values (docs/deployment.md),
# so no secret ever lands in Terraform state or git.
locals {
  secret_names = ["database", "redis", "rabbitmq", "jwt-signing-key", "erasure-key", "oauth"]
}

resource "aws_secretsmanager_secret" "app" {
  #checkov:skip=CKV2_AWS_57:Rotation is an operator procedure (database and broker passwords change together with their servers; the JWT key rotates with a JWKS overlap), see docs/deployment.md
  for_each = toset(local.secret_names)

  name                    = "ecoeco/${var.environment}/${each.key}"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = 7
}
