from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tousu.audit"
    label = "audit"
    verbose_name = "审计"
