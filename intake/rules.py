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


Answer = MatchRequest.Answer


def answer_word(value: str | bool | None) -> str:
    """An answer as stored: "yes", "no", "declined" or "" (not asked); True/False: yes/no."""
    if value is True:
        return Answer.YES
    if value is False:
        return Answer.NO
    return value or Answer.NOT_ASKED


def is_positive(value: str | bool | None) -> bool:
    """The ASQ counts a refusal ("I'd rather not say") as a positive answer."""
    return answer_word(value) in (Answer.YES, Answer.DECLINED)


@dataclass(frozen=True)
class SafetyAnswers:
    """The five answers of the safety screen (modelled on the NIMH ASQ): "yes", "no",
    "declined" or "" (right now, when not asked); True and False also read as yes and no."""

    wished_dead: str | bool
    better_off_dead: str | bool
    thoughts_of_suicide: str | bool
    ever_attempted: str | bool
    right_now: str | bool = ""

    @property
    def any_of_the_first_four(self) -> bool:
        return any(
            is_positive(v)
            for v in (
                self.wished_dead,
                self.better_off_dead,
                self.thoughts_of_suicide,
                self.ever_attempted,
            )
        )


def safety_result(answers: SafetyAnswers) -> str:
    """right_now when yes (or a refusal) to "right now"; any_yes for any other yes or
    refusal; none otherwise. A yes to "right now" counts even when nothing led to it."""
    if is_positive(answers.right_now):
        return Safety.RIGHT_NOW
    if answers.any_of_the_first_four:
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
