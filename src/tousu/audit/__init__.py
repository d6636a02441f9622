"""The tamper-evident audit trail: every state change and every unmasked read (M9)."""
