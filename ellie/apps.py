from django.apps import AppConfig


class EllieConfig(AppConfig):
    name = "ellie"
    verbose_name = "Ellie"
