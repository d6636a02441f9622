from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tousu.web"
    label = "web"
    verbose_name = "网页"
