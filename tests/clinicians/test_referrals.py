"""Referrals with a deadline: offered, answered in one step, or passed on by themselves."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from clinicians import referrals
from clinicians.models import ClinicianEvent, Referral
from intake.models import AuditEvent, RequestMatch
from outbox.models import OutboxMessage
from practice.calendar import BusinessCalendar
from tests.clinicians.helpers import make_referral, sign_in_clinician
from tests.factories import ClinicianFactory, IntakeRequestFactory
from tests.security.helpers import sign_in

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
T = dt.time
CAL = BusinessCalendar.build(
    time_zone=CHICAGO,
    hours={day: [(T(8), T(18))] for day in range(5)},
    holidays=[dt.date(2026, 11, 26)],  # Thanksgiving
)


def at(day, hour, minute=0):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


# (sent, urgent, deadline): the close of the second business day after it was sent; urgent:
# 4 business hours.
DEADLINES = [
    (at(16, 10), False, at(18, 18)),  # Monday -> Wednesday close
    (at(20, 17), False, at(24, 18)),  # Friday evening -> Tuesday close
    (at(21, 11), False, at(24, 18)),  # Saturday -> Tuesday close
    (at(24, 9), False, at(27, 18)),  # Tuesday -> Friday: Thursday is Thanksgiving
    (at(25, 9), False, dt.datetime(2026, 11, 30, 18, tzinfo=CHICAGO)),  # Wed -> Mon
    (at(16, 10), True, at(16, 14)),  # urgent Monday morning: same afternoon
    (at(16, 16), True, at(17, 10)),  # urgent late Monday: Tuesday morning
    (at(20, 17), True, at(23, 11)),  # urgent Friday evening: Monday morning
    (at(25, 16), True, at(27, 10)),  # urgent Wednesday before Thanksgiving: Friday
]


@pytest.mark.parametrize(("sent", "urgent", "deadline"), DEADLINES)
def test_deadlines_count_business_days_and_hours(sent, urgent, deadline):
    assert referrals.deadline_for(sent_at=sent, urgent=urgent, cal=CAL) == deadline


def chosen_request(*clinicians, **kwargs):
    return IntakeRequestFactory(chosen=list(clinicians), chosen_at=timezone.now(), **kwargs)


@pytest.mark.django_db
def test_the_first_choice_is_offered_and_emailed_nothing_about_the_person():
    first, second = ClinicianFactory(), ClinicianFactory()
    request = chosen_request(first, second, first_name="Zebulon")
    referral = referrals.offer(request=request)
    assert referral.clinician == first and referral.status == "offered"
    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.CLINICIAN_REFERRAL)
    assert message.to == [first.email]
    assert "Zebulon" not in message.body and request.reference not in message.body
    assert "/for-clinicians/" in message.body
    assert referrals.offer(request=request) is None, "one open referral at a time"


@pytest.mark.parametrize(
    ("changes", "offered"),
    [
        ({}, "first"),
        ({"accepting_new_clients": False}, "second"),
        ({"is_active": False}, "second"),
        ({"availability_confirmed_on": None}, "second"),
        ({"email": ""}, "second"),
    ],
)
@pytest.mark.django_db
def test_the_next_clinician_is_the_next_choice_who_still_fits(changes, offered):
    first, second = ClinicianFactory(), ClinicianFactory()
    for name, value in changes.items():
        setattr(first, name, value)
    first.save()
    request = chosen_request(first, second)
    assert referrals.offer(request=request).clinician == {"first": first, "second": second}[offered]


@pytest.mark.django_db
def test_after_the_choices_the_next_ranked_match_is_offered_never_a_relaxed_one():
    chosen, shown, relaxed = ClinicianFactory(), ClinicianFactory(), ClinicianFactory()
    request = chosen_request(chosen)
    RequestMatch.objects.create(
        request=request, clinician=relaxed, clinician_name="r", rank=2, score=99, relaxed=True
    )
    RequestMatch.objects.create(
        request=request, clinician=shown, clinician_name="s", rank=3, score=50
    )
    make_referral(request=request, clinician=chosen, status="declined")
    assert referrals.offer(request=request).clinician == shown
    Referral.objects.filter(status="offered").update(status="declined")
    assert referrals.offer(request=request) is None, "nobody left: staff find someone"


@pytest.mark.django_db
def test_an_expired_referral_moves_on_flags_the_clinician_and_tells_staff():
    first, second = ClinicianFactory(), ClinicianFactory()
    request = chosen_request(first, second)
    referral = referrals.offer(request=request)
    assert referrals.expire_overdue_referrals() == 0, "not yet"
    with time_machine.travel(referral.deadline_at + dt.timedelta(minutes=1)):
        assert referrals.expire_overdue_referrals() == 1
    referral.refresh_from_db()
    assert referral.status == "expired"
    assert request.referrals.get(status="offered").clinician == second
    first.refresh_from_db()
    assert first.availability_confirmed_on is None, "treated as unconfirmed from now"
    assert ClinicianEvent.objects.filter(clinician=first, action="flagged").exists()
    notice = OutboxMessage.objects.get(kind=OutboxMessage.Kind.STAFF_REFERRAL)
    assert "expired" in notice.subject and request.reference in notice.subject
    assert "offered to the next clinician" in notice.body
    assert AuditEvent.objects.filter(request_id=request.pk, action="referral").count() == 3


@pytest.mark.django_db
def test_the_clinician_sees_only_what_they_need_and_contact_details_after_accepting(client):
    clinician = ClinicianFactory()
    request = chosen_request(
        clinician,
        first_name="Rowan",
        email="rowan.private@example.org",
        phone="+16125550177",
        concerns=["anxiety"],
    )
    referral = referrals.offer(request=request)
    sign_in_clinician(client, clinician)
    home = client.get("/for-clinicians/home/").content.decode()
    assert "Rowan" in home and "waiting for your answer" in home
    page = client.get(f"/for-clinicians/referrals/{referral.pk}/").content.decode()
    for shown in ("Rowan", request.reference, "Anxiety", "Adult", "Insurance"):
        assert shown in page
    assert "rowan.private" not in page and "5550177" not in page
    response = client.post(
        f"/for-clinicians/referrals/{referral.pk}/",
        {"answer": "accept", "reach_out": "next_business_day"},
    )
    assert response.status_code == 302
    page = client.get(f"/for-clinicians/referrals/{referral.pk}/").content.decode()
    assert "rowan.private@example.org" in page and "+16125550177" in page
    request.refresh_from_db()
    assert request.assigned_clinician == clinician


@pytest.mark.django_db
def test_a_clinician_cannot_open_or_answer_anyone_elses_referral(client):
    mine, theirs = ClinicianFactory(), ClinicianFactory()
    referral = referrals.offer(request=chosen_request(theirs))
    sign_in_clinician(client, mine)
    url = f"/for-clinicians/referrals/{referral.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept", "reach_out": "today"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "offered"


@pytest.mark.parametrize(
    ("reason", "accepting", "flagged"),
    [
        ("no_capacity", True, True),
        ("no_capacity", False, False),
        ("not_a_fit", True, False),
        ("other", True, False),
    ],
)
@pytest.mark.django_db
def test_a_decline_moves_on_at_once_and_no_capacity_while_accepting_flags(
    client, reason, accepting, flagged
):
    first, second = ClinicianFactory(accepting_new_clients=accepting), ClinicianFactory()
    request = chosen_request(first, second)
    # Not accepting: offered by staff by name all the same.
    referral = referrals.offer(request=request, clinician=first)
    sign_in_clinician(client, first)
    response = client.post(
        f"/for-clinicians/referrals/{referral.pk}/", {"answer": "decline", "reason": reason}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", reason)
    assert request.referrals.get(status="offered").clinician == second
    first.refresh_from_db()
    assert (first.availability_confirmed_on is None) is flagged


@pytest.mark.django_db
def test_an_answer_after_the_deadline_changes_nothing(client):
    clinician = ClinicianFactory()
    referral = referrals.offer(request=chosen_request(clinician))
    sign_in_clinician(client, clinician)
    with time_machine.travel(referral.deadline_at + dt.timedelta(seconds=1)):
        client.post(
            f"/for-clinicians/referrals/{referral.pk}/", {"answer": "accept", "reach_out": "today"}
        )
    referral.refresh_from_db()
    assert referral.status == "offered"


@pytest.mark.django_db
def test_staff_send_the_referral_from_the_request_page_and_see_its_history(intake_staff):
    first = ClinicianFactory(first_name="Maya")
    request = chosen_request(first)
    staff = sign_in(Client(), intake_staff)
    page = staff.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "No referral sent yet" in page
    response = staff.post(f"/staff/clinicians/requests/{request.pk}/refer/")
    assert response.status_code == 302
    page = staff.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "Waiting for the clinician" in page and "by ivy" in page
    assert request.referrals.get().sent_by == intake_staff


@pytest.mark.django_db
def test_automatic_sending_is_off_by_default_and_skips_urgent_requests(settings):
    clinician = ClinicianFactory()
    chosen_request(clinician)
    urgent = chosen_request(clinician, urgent=True)
    assert referrals.expire_overdue_referrals() == 0
    settings.REFERRAL_AUTO_SEND = True
    assert referrals.expire_overdue_referrals() == 1
    assert not urgent.referrals.exists()
    assert Referral.objects.get().automatic


@pytest.mark.django_db
def test_the_queue_shows_requests_waiting_on_a_clinician_and_expired_ones(
    intake_staff, django_assert_max_num_queries, practice
):
    lone, first, second = ClinicianFactory(), ClinicianFactory(), ClinicianFactory()
    expired = referrals.offer(request=chosen_request(lone, reference="ELL-EXPD-0001"))
    moved = referrals.offer(request=chosen_request(first, second, reference="ELL-MOVE-0002"))
    with time_machine.travel(expired.deadline_at + dt.timedelta(minutes=1)):
        referrals.expire_overdue_referrals()
    waiting = referrals.offer(request=chosen_request(second, reference="ELL-WAIT-0003"))
    assert moved and waiting
    staff = sign_in(Client(), intake_staff)
    staff.get("/staff/")
    with django_assert_max_num_queries(20):
        page = staff.get("/staff/").content.decode()
    rows = {ref: page[page.index(ref) :].split("</tr>")[0] for ref in ("EXPD", "MOVE", "WAIT")}
    assert "Referral expired" in rows["EXPD"]
    assert "Waiting on a clinician" in rows["MOVE"] and "after 1 that passed" in rows["MOVE"]
    assert "Waiting on a clinician" in rows["WAIT"]


@pytest.mark.django_db
def test_the_demo_has_clinicians_with_addresses_a_stale_one_and_an_open_referral(settings):
    import io

    from django.core.management import call_command

    from matching.models import Clinician

    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    assert not Clinician.objects.filter(email="").exists()
    stale = timezone.localdate() - dt.timedelta(days=45)
    assert Clinician.objects.filter(availability_confirmed_on__lt=stale).exists()
    (open_referral,) = Referral.objects.open()
    assert open_referral.clinician.full_name == "Maya Lindqvist"
    assert "maya.lindqvist@clinicians.ellie.example" in out.getvalue()
    assert "printed in this console" in out.getvalue()
