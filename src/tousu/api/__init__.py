"""The REST API (django-ninja): schemas, auth, error mapping and routers."""
