#!/usr/bin/env bash
# Create the Secrets the dev overlay references, with random passwords and a
# fresh Ed25519 signing key. Nothing here is committed. Idempotent: existing
# Secrets are kept. Needs kubectl (pointing at the dev cluster) and openssl.
set -euo pipefail
ns=ecoeco
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
rand() { openssl rand -hex 16; }
make_secret() { # name, then kubectl create secret generic arguments
  local name=$1; shift
  if kubectl -n "$ns" get secret "$name" >/dev/null 2>&1; then
    echo "keep   secret/$name"
  else
    kubectl -n "$ns" create secret generic "$name" "$@" >/dev/null
    echo "create secret/$name"
  fi
}
pg=$(rand); redis=$(rand); rabbit=$(rand); minio=$(rand)
make_secret postgres-credentials --from-literal=password="$pg" \
  --from-literal=exporter-dsn="postgresql://ecoeco:$pg@localhost:5432/ecoeco?sslmode=disable"
make_secret ecoeco-database --from-literal=url="postgresql+asyncpg://ecoeco:$pg@postgres:5432/ecoeco"
make_secret redis-credentials --from-literal=password="$redis"
make_secret ecoeco-redis --from-literal=url="redis://:$redis@redis:6379/0"
make_secret rabbitmq-credentials --from-literal=username=ecoeco --from-literal=password="$rabbit" \
  --from-literal=erlang-cookie="$(rand)"
make_secret ecoeco-amqp --from-literal=url="amqp://ecoeco:$rabbit@rabbitmq:5672/" \
  --from-literal=management-url="http://ecoeco:$rabbit@rabbitmq:15672/"
make_secret minio-credentials --from-literal=access-key=ecoeco --from-literal=secret-key="$minio"
key=$(mktemp); trap 'rm -f "$key"' EXIT
openssl genpkey -algorithm ed25519 -out "$key"
make_secret ecoeco-jwt-signing-key --from-file=private.pem="$key"
make_secret ecoeco-erasure-key --from-literal=key="$(openssl rand -hex 32)"
echo "Secrets ready. The images bucket is created by the storage worker on start, or: mc mb local/ecoeco-images"
