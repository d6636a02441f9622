from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "tousu.screening"
    label = "screening"
    verbose_name = "代理投诉识别"
