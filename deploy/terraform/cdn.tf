# CloudFront in front of the images bucket (thumbnails and results shown in
# the apps), with its own certificate in us-east-1 and a Route53 alias.
resource "aws_cloudfront_origin_access_control" "images" {
  name                              = "${local.name}-images"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "images" {
  name = "${local.name}-images"

  security_headers_config {
    content_type_options {
      override = true
    }
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
  }
}

resource "aws_cloudfront_distribution" "images" {
  #checkov:skip=CKV_AWS_68:Read-only static images behind origin access control; a WAF adds cost without a rule worth enforcing yet
  #checkov:skip=CKV_AWS_310:Single-origin distribution; S3 is the origin's own redundancy
  #checkov:skip=CKV_AWS_374:Users in Korea and abroad (travellers) may view their images; no geo restriction
  #checkov:skip=CKV2_AWS_47:No WAF attached (see CKV_AWS_68), so the Log4j rule set does not apply
  enabled             = true
  is_ipv6_enabled     = true
  comment             = "${local.name} images"
  aliases             = [local.images_host]
  price_class         = "PriceClass_200"
  default_root_object = "index.html"

  origin {
    domain_name              = aws_s3_bucket.images.bucket_regional_domain_name
    origin_id                = "images"
    origin_access_control_id = aws_cloudfront_origin_access_control.images.id
  }

  default_cache_behavior {
    target_origin_id           = "images"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.images.id
  }

  logging_config {
    bucket = aws_s3_bucket.logs.bucket_domain_name
    prefix = "cloudfront/"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.images.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
