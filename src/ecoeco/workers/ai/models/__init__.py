"""Model files shipped with the ai worker (see NOTICE.md)."""
