"""Server-rendered pages for people (the full web UI per role arrives with issue 7)."""
