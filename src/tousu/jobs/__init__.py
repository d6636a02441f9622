"""Background jobs on Django's task framework, stored in the database (django-tasks-db)."""
