"""The consumer assistant's conversations and the human queue they hand off to (M4)."""
