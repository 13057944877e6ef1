# EC2 nodes, one per entry of local.nodes (default: the 14-node layout),
# spread over the private subnets, plus a small bastion for SSH and kubectl.
resource "aws_key_pair" "ops" {
  key_name   = local.name
  public_key = var.ssh_public_key
}

resource "aws_instance" "node" {
  for_each = local.nodes

  ami                    = local.ami_id
  instance_type          = each.value.instance_type
  subnet_id              = aws_subnet.private[var.availability_zones[each.value.index % length(var.availability_zones)]].id
  vpc_security_group_ids = [aws_security_group.node.id, local.tier_security_groups[each.value.tier]]
  iam_instance_profile   = aws_iam_instance_profile.node.name
  key_name               = aws_key_pair.ops.key_name
  ebs_optimized          = true
  monitoring             = true
  source_dest_check      = false # Calico routes pod traffic through the nodes

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2 # pods (EBS CSI, ALB controller) read the instance role
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = each.value.volume_size
    encrypted             = true
    kms_key_id            = aws_kms_key.main.arn
    delete_on_termination = true
  }

  tags = {
    Name                                  = "${local.name}-${each.key}"
    "ecoeco.io/role"                      = each.value.role
    "ecoeco.io/tier"                      = each.value.tier
    "kubernetes.io/cluster/${local.name}" = "owned"
  }

  lifecycle {
    ignore_changes = [ami]
  }
}

resource "aws_instance" "bastion" {
  ami                         = local.ami_id
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public[var.availability_zones[0]].id
  vpc_security_group_ids      = [aws_security_group.bastion.id]
  key_name                    = aws_key_pair.ops.key_name
  associate_public_ip_address = false
  iam_instance_profile        = aws_iam_instance_profile.bastion.name
  ebs_optimized               = true
  monitoring                  = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 10
    encrypted   = true
    kms_key_id  = aws_kms_key.main.arn
  }

  tags = { Name = "${local.name}-bastion" }

  lifecycle {
    ignore_changes = [ami]
  }
}

resource "aws_eip" "bastion" {
  domain   = "vpc"
  instance = aws_instance.bastion.id
  tags     = { Name = "${local.name}-bastion" }
}

resource "aws_iam_role" "bastion" {
  name               = "${local.name}-bastion"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "bastion_ssm" {
  role       = aws_iam_role.bastion.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "bastion" {
  name = "${local.name}-bastion"
  role = aws_iam_role.bastion.name
}
