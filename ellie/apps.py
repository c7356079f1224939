from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EllieConfig(AppConfig):
    name = "ellie"
    verbose_name = "Ellie"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from ellie import checks  # noqa: F401  (registers the deploy checks)
        from ellie.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="ellie.record_sign_in")


class EllieAdminConfig(admin_apps.AdminConfig):
    """The admin, with `admin.site` being Ellie's guarded site (ellie.admin_site) for every app."""

    default = False
    default_site = "ellie.admin_site.EllieAdminSite"
