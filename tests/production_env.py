"""The `ECOECO_` settings of a production process that lacks nothing (values only: no
server behind them)."""

from __future__ import annotations

PRODUCTION = {
    "ECOECO_ENV": "production",
    "ECOECO_DATABASE_URL": "postgresql+asyncpg://db/ecoeco",
    "ECOECO_REDIS_URL": "redis://redis:6379/0",
    "ECOECO_AMQP_URL": "amqp://mq:5672/",
    "ECOECO_STORAGE_URL": "s3://ecoeco-images",
    "ECOECO_JWKS_URL": "http://auth:8000/.well-known/jwks.json",
    "ECOECO_JWT_PRIVATE_KEY_FILE": "/run/secrets/jwt.pem",
    "ECOECO_ERASURE_KEY_FILE": "/run/secrets/erasure.key",
    "ECOECO_WEB_ORIGINS": '["https://ecoeco.example"]',
}
