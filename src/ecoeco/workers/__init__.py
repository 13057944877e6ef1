"""Workers: processes that consume events instead of serving an API."""
