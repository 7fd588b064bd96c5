from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jinguo.core"
    label = "core"
