from django.apps import AppConfig


class DisclaimersConfig(AppConfig):
    name = "disclaimers"
    verbose_name = "Disclaimers"
