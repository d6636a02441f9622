from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "tousu.chat"
    label = "chat"
    verbose_name = "智能助手与人工客服"
