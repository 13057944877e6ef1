"""Metrics, JSON logs with request ids, and health endpoints."""
