"""The intake rules as plain functions: age groups, the safety screen, urgency.

No request and no database here, so each rule reads in one place and is tested in a table.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from intake.models import SAME_DAY_CONCERNS, MatchRequest

Safety = MatchRequest.Safety
UrgentReason = MatchRequest.UrgentReason

ADULT_AGE = 18
TEEN_AGE = 13
OLDER_ADULT_AGE = 65


def age_in_years(date_of_birth: date, today: date) -> int:
    """Whole years lived on `today` (a 29 February birthday counts from 1 March)."""
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - int(before_birthday)


def age_group_for(age: int) -> str:
    """child under 13, teen 13 to 17, adult 18 to 64, older-adult 65 and over."""
    if age < TEEN_AGE:
        return MatchRequest.AgeGroup.CHILD
    if age < ADULT_AGE:
        return MatchRequest.AgeGroup.TEEN
    if age < OLDER_ADULT_AGE:
        return MatchRequest.AgeGroup.ADULT
    return MatchRequest.AgeGroup.OLDER_ADULT


def needs_guardian(age: int) -> bool:
    return age < ADULT_AGE


@dataclass(frozen=True)
class SafetyAnswers:
    """The five answers of the safety screen (modelled on the NIMH ASQ)."""

    wished_dead: bool
    better_off_dead: bool
    thoughts_of_suicide: bool
    ever_attempted: bool
    right_now: bool


def safety_result(answers: SafetyAnswers) -> str:
    """right_now when yes to "right now"; any_yes for any other yes; none otherwise."""
    if answers.right_now:
        return Safety.RIGHT_NOW
    if (
        answers.wished_dead
        or answers.better_off_dead
        or answers.thoughts_of_suicide
        or answers.ever_attempted
    ):
        return Safety.ANY_YES
    return Safety.NONE


def urgent_reason(safety: str, concerns: Iterable[str]) -> str:
    """Why a request needs a same-day call, or "" when it can wait a business day.

    Any yes on the safety screen is urgent. Self-harm (or suicidal thoughts) chosen as a
    concern with no yes on the screen is not an emergency, but still gets a same-day call.
    """
    if safety == Safety.RIGHT_NOW:
        return UrgentReason.SAFETY_RIGHT_NOW
    if safety == Safety.ANY_YES:
        return UrgentReason.SAFETY_SCREEN
    if any(slug in SAME_DAY_CONCERNS for slug in concerns):
        return UrgentReason.CONCERN
    return UrgentReason.NONE
