"""The queue: right now, then urgent, then routine, oldest first in each; filters, targets,
and a constant query count."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake import targets
from intake.models import TIER_FILTERS, CoverageCheck, MatchRequest
from tests.budgets import VERSION
from tests.factories import IntakeRequestFactory

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
QUEUE = reverse("staff:queue")


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


def references(response) -> list[str]:
    return [row["request"].reference for row in response.context["rows"]]


@pytest.fixture
def staff_client(client, intake_staff):
    client.force_login(intake_staff)
    return client


def test_right_now_comes_first_whatever_its_age_then_urgent_then_routine(staff_client):
    now = timezone.now()
    routine_old = IntakeRequestFactory(created_at=now - dt.timedelta(days=3))
    urgent_new = IntakeRequestFactory(urgent=True, created_at=now - dt.timedelta(hours=1))
    routine_new = IntakeRequestFactory(created_at=now - dt.timedelta(hours=2))
    urgent_old = IntakeRequestFactory(urgent=True, created_at=now - dt.timedelta(hours=8))
    right_now_new = IntakeRequestFactory(right_now=True, created_at=now - dt.timedelta(minutes=5))
    right_now_old = IntakeRequestFactory(right_now=True, created_at=now - dt.timedelta(hours=1))
    response = staff_client.get(QUEUE)
    assert references(response) == [
        right_now_old.reference,
        right_now_new.reference,
        urgent_old.reference,
        urgent_new.reference,
        routine_old.reference,
        routine_new.reference,
    ]


def test_the_tier_in_sql_is_the_tier_of_each_request():
    made = [
        IntakeRequestFactory(),
        IntakeRequestFactory(urgent=True),
        IntakeRequestFactory(urgent=True, urgent_reason="concern"),
        IntakeRequestFactory(right_now=True),
        # Not a state the form makes, but the screen still decides.
        IntakeRequestFactory(safety="right_now", urgent=False),
    ]
    ranked = MatchRequest.objects.by_tier().filter(pk__in=[m.pk for m in made])
    assert {r.pk: r.tier_rank for r in ranked} == {m.pk: m.tier.rank for m in made}
    for tier in targets.Tier:
        in_sql = set(MatchRequest.objects.filter(TIER_FILTERS[tier]).values_list("pk", flat=True))
        assert in_sql == {m.pk for m in made if m.tier == tier}


def test_the_queue_hides_closed_requests_unless_asked(staff_client):
    open_one = IntakeRequestFactory()
    closed = IntakeRequestFactory(status="closed", outcome="booked")
    assert references(staff_client.get(QUEUE)) == [open_one.reference]
    assert set(references(staff_client.get(QUEUE, {"status": "all"}))) == {
        open_one.reference,
        closed.reference,
    }
    assert references(staff_client.get(QUEUE, {"status": "closed"})) == [closed.reference]


def test_the_queue_filters_by_status_urgency_and_assignment(
    staff_client, intake_staff, django_user_model
):
    colleague = django_user_model.objects.create_user("colleague")
    mine = IntakeRequestFactory(assigned_to=intake_staff, status="in_review")
    theirs = IntakeRequestFactory(assigned_to=colleague, urgent=True)
    nobodys = IntakeRequestFactory()
    assert references(staff_client.get(QUEUE, {"assigned": "me"})) == [mine.reference]
    assert references(staff_client.get(QUEUE, {"assigned": "nobody"})) == [nobodys.reference]
    assert references(staff_client.get(QUEUE, {"urgent": "on"})) == [theirs.reference]
    assert references(staff_client.get(QUEUE, {"status": "in_review"})) == [mine.reference]


def test_a_bad_filter_falls_back_to_the_open_queue(staff_client):
    one = IntakeRequestFactory()
    response = staff_client.get(QUEUE, {"status": "<script>", "assigned": "everyone"})
    assert response.status_code == 200
    assert references(response) == [one.reference]


@time_machine.travel(local("2026-01-12 10:00"), tick=False)  # a Monday morning
def test_overdue_means_past_the_target_without_a_first_contact(staff_client):
    # The practice is open Monday to Friday, 08:00 to 18:00.
    made = {
        # routine on Thursday: due Friday at closing -> overdue
        "thursday": IntakeRequestFactory(created_at=local("2026-01-08 09:00")),
        # routine on Friday afternoon: due Monday at closing -> on time
        "friday": IntakeRequestFactory(created_at=local("2026-01-09 16:00")),
        # urgent on Friday afternoon: due Friday at closing -> overdue
        "urgent_friday": IntakeRequestFactory(urgent=True, created_at=local("2026-01-09 15:00")),
        # urgent on Sunday night: due Monday at closing -> on time
        "urgent_sunday": IntakeRequestFactory(urgent=True, created_at=local("2026-01-11 20:00")),
        # right now on Saturday: due an hour after Monday's opening -> overdue
        "right_now_saturday": IntakeRequestFactory(
            right_now=True, created_at=local("2026-01-10 13:00")
        ),
        # right now at 08:30: due at 09:30 -> overdue
        "right_now_early": IntakeRequestFactory(
            right_now=True, created_at=local("2026-01-12 08:30")
        ),
        # right now at 09:30: due at 10:30 -> on time
        "right_now_late": IntakeRequestFactory(
            right_now=True, created_at=local("2026-01-12 09:30")
        ),
        # late, but already contacted or closed -> not overdue
        "contacted": IntakeRequestFactory(
            created_at=local("2026-01-05 09:00"),
            status="contacted",
            first_contact_at=local("2026-01-07 09:00"),
        ),
        "closed": IntakeRequestFactory(
            created_at=local("2026-01-05 09:00"), status="closed", outcome="declined"
        ),
    }
    expected = {"thursday", "urgent_friday", "right_now_saturday", "right_now_early"}
    response = staff_client.get(QUEUE, {"overdue": "on", "status": "all"})
    assert set(references(response)) == {made[name].reference for name in expected}
    # The filter and the state shown on each row agree.
    states = {
        row["request"].reference: row["state"]
        for row in staff_client.get(QUEUE, {"status": "all"}).context["rows"]
    }
    overdue = {ref for ref, state in states.items() if state == targets.TargetState.OVERDUE}
    assert overdue == set(references(response))
    assert response.context["overdue_count"] == 4
    assert "4 overdue</a>: 2 right now, 1 urgent, 1 routine." in response.content.decode()


def test_a_right_now_row_carries_its_own_badge_not_the_urgent_one(staff_client):
    right_now = IntakeRequestFactory(right_now=True)
    urgent = IntakeRequestFactory(urgent=True)
    IntakeRequestFactory()
    body = staff_client.get(QUEUE).content.decode()
    rows = body.split("<tr class=")[1:]  # the header row has no class
    assert [row.split(">", 1)[0] for row in rows] == [
        '"queue-acute"',
        '"queue-urgent"',
        '"queue-routine"',
    ]
    assert right_now.reference in rows[0] and "tier-acute" in rows[0]
    assert "tier-urgent" not in rows[0]
    assert urgent.reference in rows[1] and "tier-urgent" in rows[1]
    assert "tier-badge" not in rows[2]


def test_the_queue_shows_coverage_checked_or_not_yet(staff_client, intake_staff):
    checked = IntakeRequestFactory()
    CoverageCheck.objects.create(
        request=checked, in_network=True, estimated_cost=30, checked_by=intake_staff
    )
    IntakeRequestFactory()
    body = staff_client.get(QUEUE).content.decode()
    assert body.count(">Checked<") == 1
    assert body.count(">Not yet<") == 1


def test_the_queue_pages_through_requests(staff_client):
    IntakeRequestFactory.create_batch(30)
    first = staff_client.get(QUEUE, {"urgent": ""})
    second = staff_client.get(QUEUE, {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5
    assert not set(references(first)) & set(references(second))
    assert "page=2" in first.content.decode()


@pytest.fixture
def two_hundred_requests(intake_staff):
    now = timezone.now()
    requests = IntakeRequestFactory.create_batch(
        200,
        created_at=now - dt.timedelta(hours=30),
        concerns=["anxiety", "depression"],
        assigned_to=intake_staff,
    )
    for index, match_request in enumerate(requests[:50]):
        CoverageCheck.objects.create(
            request=match_request, in_network=bool(index % 2), estimated_cost=20
        )
    return requests


@pytest.mark.parametrize(
    "query",
    [{}, {"page": 3}, {"overdue": "on"}, {"assigned": "me", "urgent": "on"}, {"status": "all"}],
)
def test_the_queue_costs_a_fixed_number_of_queries_with_200_requests(
    staff_client, two_hundred_requests, practice, django_assert_max_num_queries, query
):
    with django_assert_max_num_queries(VERSION + 10):
        response = staff_client.get(QUEUE, query)
    assert response.status_code == 200


def test_a_request_page_costs_a_fixed_number_of_queries_with_200_requests(
    staff_client, two_hundred_requests, intake_staff, practice, django_assert_max_num_queries
):
    from intake.staff import services as staff

    target = two_hundred_requests[17]
    for text in ("first", "second", "third"):
        staff.add_note(
            request_id=target.pk,
            version=MatchRequest.objects.get(pk=target.pk).version,
            text=text,
            actor=intake_staff,
            ip=None,
        )
    with django_assert_max_num_queries(VERSION + 20):
        response = staff_client.get(reverse("staff:review", kwargs={"pk": target.pk}))
    assert response.status_code == 200
