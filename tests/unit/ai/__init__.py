"""Unit tests of the ai worker's vision adapters."""
