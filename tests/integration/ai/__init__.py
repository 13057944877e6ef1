"""Integration tests of the vision adapters: the real model, and a fake OpenAI server over HTTP."""
