"""Shared building blocks every service stands on; imports no service."""
