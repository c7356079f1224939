"""The intake rules, in tables: age groups, the safety screen, urgency."""

from datetime import date

import pytest

from intake.rules import (
    SafetyAnswers,
    age_group_for,
    age_in_years,
    needs_guardian,
    safety_result,
    urgent_reason,
)


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(2000, 5, 10), date(2026, 5, 9), 25),
        (date(2000, 5, 10), date(2026, 5, 10), 26),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2026, 1, 1), date(2026, 6, 1), 0),
    ],
)
def test_age_in_years_counts_whole_birthdays(born, today, age):
    assert age_in_years(born, today) == age


@pytest.mark.parametrize(
    ("age", "group", "guardian"),
    [
        (0, "child", True),
        (12, "child", True),
        (13, "teen", True),
        (17, "teen", True),
        (18, "adult", False),
        (64, "adult", False),
        (65, "older-adult", False),
        (101, "older-adult", False),
    ],
)
def test_age_groups_and_who_needs_a_guardian(age, group, guardian):
    assert age_group_for(age) == group
    assert needs_guardian(age) is guardian


NO = {
    "wished_dead": False,
    "better_off_dead": False,
    "thoughts_of_suicide": False,
    "ever_attempted": False,
    "right_now": False,
}


@pytest.mark.parametrize(
    ("yes", "result"),
    [
        ((), "none"),
        (("wished_dead",), "any_yes"),
        (("better_off_dead",), "any_yes"),
        (("thoughts_of_suicide",), "any_yes"),
        (("ever_attempted",), "any_yes"),
        (("right_now",), "right_now"),
        (("wished_dead", "right_now"), "right_now"),
    ],
)
def test_safety_screen_result(yes, result):
    answers = SafetyAnswers(**{**NO, **dict.fromkeys(yes, True)})
    assert safety_result(answers) == result


@pytest.mark.parametrize(
    ("safety", "concerns", "reason"),
    [
        ("none", (), ""),
        ("none", ("anxiety", "depression"), ""),
        ("none", ("self-harm",), "concern"),
        ("none", ("suicidal-thoughts",), "concern"),
        ("any_yes", ("anxiety",), "safety_screen"),
        ("any_yes", ("self-harm",), "safety_screen"),
        ("right_now", (), "safety_right_now"),
    ],
)
def test_urgency_any_yes_or_a_self_harm_concern_means_a_same_day_call(safety, concerns, reason):
    assert urgent_reason(safety, concerns) == reason
