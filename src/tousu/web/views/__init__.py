"""Server-rendered pages, one module per kind of user; all rules live in the services."""
