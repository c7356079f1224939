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
        _connect_page_version()


# What public pages show: any save or delete of these apps' rows moves the pages' version on
# (ellie.pagecache). The practice app does it through Practice.forget (practice.apps); bulk
# writes (roster import, generator) through the write services, which bump it themselves.
# Search rows are left out: they are rebuilt only by refresh_search_rows, which bumps once.
PAGE_APPS = ("conditions", "matching")
NOT_SHOWN = {"matching.searchrow"}


def _connect_page_version():
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for app_label in PAGE_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model._meta.label_lower in NOT_SHOWN:
                continue
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}-delete")
            m2m_changed.connect(_links_changed, sender=model, dispatch_uid=f"{uid}-m2m")


def _content_changed(sender, **kwargs):
    from ellie import pagecache

    pagecache.bump()


def _links_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _content_changed(sender)


class EllieAdminConfig(admin_apps.AdminConfig):
    """The admin, with `admin.site` being Ellie's guarded site (ellie.admin_site) for every app."""

    default = False
    default_site = "ellie.admin_site.EllieAdminSite"
