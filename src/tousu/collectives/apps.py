from django.apps import AppConfig


class CollectivesConfig(AppConfig):
    name = "tousu.collectives"
    label = "collectives"
    verbose_name = "集体投诉"
