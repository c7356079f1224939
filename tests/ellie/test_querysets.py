"""Our querysets and managers add reads; they never replace a method Django itself calls.

`ClinicianQuerySet.using(modality)` once shadowed `QuerySet.using(alias)`: Django routes
querysets to a database with `.using()` (dumpdata, prefetches, related managers), so a
backup of the roster held no clinicians. These tests name every such collision.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

# Django's documented hooks for a custom manager: overriding them is the point.
MANAGER_HOOKS = {"get_queryset"}
DJANGO_NAMES = set(dir(models.QuerySet)) | set(dir(models.Manager))


def our_classes(model) -> set[type]:
    """The queryset and manager classes of `model` that are written in this project."""
    found = set()
    for manager in model._meta.managers:
        candidates = [*type(manager).__mro__, *manager._queryset_class.__mro__]
        found |= {cls for cls in candidates if _is_ours(cls)}
    return found


def _is_ours(cls: type) -> bool:
    module = getattr(cls, "__module__", "") or ""
    app = apps.get_containing_app_config(module)
    # The project's apps are the top-level folders beside manage.py.
    return app is not None and Path(app.path).parent == Path(settings.BASE_DIR)


def shadowing(cls: type) -> list[str]:
    """Names `cls` defines that Django's QuerySet or Manager already has."""
    own = (name for name in vars(cls) if not (name.startswith("__") and name.endswith("__")))
    allowed = MANAGER_HOOKS if issubclass(cls, models.Manager) else set()
    return sorted(name for name in own if name in DJANGO_NAMES and name not in allowed)


def test_no_queryset_or_manager_of_ours_shadows_a_django_method():
    models_ = apps.get_models(include_auto_created=True)
    ours = {cls for model in models_ for cls in our_classes(model)}
    assert ours, "the project's querysets were not found"
    collisions = {
        f"{cls.__module__}.{cls.__qualname__}": names for cls in ours if (names := shadowing(cls))
    }
    assert collisions == {}


def test_the_check_finds_the_shadowing_that_broke_backups():
    class BrokenQuerySet(models.QuerySet):
        def using(self, modality_slug):  # the old ClinicianQuerySet.using
            return self

        def practising(self, modality_slug):
            return self

    class Manager(models.Manager):
        def get_queryset(self):
            return super().get_queryset()

        def values(self, *fields):
            return super().values(*fields)

    assert shadowing(BrokenQuerySet) == ["using"]
    assert shadowing(Manager) == ["values"]


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [("matching", "Clinician"), ("conditions", "Condition"), ("intake", "MatchRequest")],
)
def test_the_apps_own_querysets_are_among_those_checked(app_label, model_name):
    model = apps.get_model(app_label, model_name)
    assert any(issubclass(cls, models.QuerySet) for cls in our_classes(model))
