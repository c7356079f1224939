"""The clinical review of a condition page: who read it, with what credentials, and when.

The one place reviews are written and described. A review is recorded by the signed-in
editor, for today, with the credential line they type; nobody types a reviewer's name or
a date. Until a page is reviewed it shows no review line. Each translation of a page is
reviewed on its own (``record_translation_review``): until then it shows no review line, and
editors see "translation not yet clinically reviewed".
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from conditions.models import Condition, ConditionTranslation

PERMISSION = "conditions.review_condition"


def reviewer_name(user: AbstractBaseUser) -> str:
    """The name a review is signed with: the account's full name."""
    return user.get_full_name().strip()


def record_review(
    *,
    condition_id: int,
    reviewer: AbstractBaseUser,
    credentials: str,
    today: dt.date | None = None,
) -> Condition:
    """Sign a page's clinical review: the reviewer is ``reviewer``, the date is today.

    Refused (``ValidationError``) without the permission to review, without a full name on
    the account (a review is signed with it) or without credentials.
    """
    return _sign(Condition, condition_id, reviewer=reviewer, credentials=credentials, today=today)


def record_translation_review(
    *,
    translation_id: int,
    reviewer: AbstractBaseUser,
    credentials: str,
    today: dt.date | None = None,
) -> ConditionTranslation:
    """Sign a translation's clinical review, as ``record_review`` signs a page's.

    A translation is reviewed in its own language by someone who read it: the English
    page's review never counts for it.
    """
    return _sign(
        ConditionTranslation,
        translation_id,
        reviewer=reviewer,
        credentials=credentials,
        today=today,
    )


def _sign(model, pk: int, *, reviewer, credentials: str, today: dt.date | None):
    if not reviewer.has_perm(PERMISSION):
        raise ValidationError("Your account may not record clinical reviews.")
    name = reviewer_name(reviewer)
    if not name:
        raise ValidationError(
            "Add your first and last name to your account first: the page shows who reviewed it."
        )
    credentials = " ".join(credentials.split())
    if not credentials:
        raise ValidationError("Type your credentials, e.g. PsyD, LICSW.")
    with transaction.atomic():
        page = model.objects.select_for_update().get(pk=pk)
        page.reviewed_by = reviewer
        page.reviewer_name = name
        page.reviewer_credentials = credentials[:60]
        page.reviewed_on = today or timezone.localdate()
        # updated_at moves too, so the page's Last-Modified (and any cached copy) moves.
        page.save(
            update_fields=[
                "reviewed_by",
                "reviewer_name",
                "reviewer_credentials",
                "reviewed_on",
                "updated_at",
            ]
        )
    return page
