# The public zone exists already (the domain is registered outside
# Terraform). Certificates are DNS-validated, so ACM renews them by itself.
data "aws_route53_zone" "main" {
  name         = var.domain_name
  private_zone = false
}

resource "aws_acm_certificate" "api" {
  domain_name       = local.api_host
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "images" {
  provider = aws.us_east_1

  domain_name       = local.images_host
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  validation_records = merge(
    { for o in aws_acm_certificate.api.domain_validation_options : "api-${o.domain_name}" => o },
    { for o in aws_acm_certificate.images.domain_validation_options : "images-${o.domain_name}" => o },
  )
}

resource "aws_route53_record" "validation" {
  for_each = local.validation_records

  zone_id         = data.aws_route53_zone.main.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [for k, r in aws_route53_record.validation : r.fqdn if startswith(k, "api-")]
}

resource "aws_acm_certificate_validation" "images" {
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.images.arn
  validation_record_fqdns = [for k, r in aws_route53_record.validation : r.fqdn if startswith(k, "images-")]
}

resource "aws_route53_record" "images" {
  zone_id = data.aws_route53_zone.main.zone_id
  name    = local.images_host
  type    = "A"

  alias {
    name                   = aws_cloudfront_distribution.images.domain_name
    zone_id                = aws_cloudfront_distribution.images.hosted_zone_id
    evaluate_target_health = false
  }
}

# The API record (api.<domain> -> ALB) is owned by ExternalDNS in the
# cluster, because the ALB is created by the AWS Load Balancer Controller.
