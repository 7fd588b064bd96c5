from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jinguo.web"
    label = "web"
