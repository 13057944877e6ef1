# Remote state in S3 with S3-native locking (a lock object beside the state,
# Terraform >= 1.10). The bucket is made once by ./bootstrap; pass its name at
# init time:
#   terraform init -backend-config="bucket=<state bucket>"
terraform {
  backend "s3" {
    key          = "ecoeco/prod/terraform.tfstate"
    region       = "ap-northeast-2"
    encrypt      = true
    use_lockfile = true
  }
}
