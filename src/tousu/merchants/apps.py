from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "tousu.merchants"
    label = "merchants"
    verbose_name = "商家"
