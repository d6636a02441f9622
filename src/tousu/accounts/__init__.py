"""People and credentials: users with a role, and API tokens."""
