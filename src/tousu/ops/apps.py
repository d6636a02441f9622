from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the ``tousu`` command's subcommands (demo, serve, import, createadmin)."""

    name = "tousu.ops"
    label = "ops"
    verbose_name = "运维"
