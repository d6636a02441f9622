from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "tousu.public"
    label = "public"
    verbose_name = "公开信息与排行"
