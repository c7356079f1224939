"""The practice: one row seeded from settings, edited in the admin, cached for every page."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse

from practice import seed
from practice.models import Holiday, OpeningHours, Practice
from tests.budgets import VERSION

pytestmark = pytest.mark.django_db


def test_a_fresh_database_has_the_practice_from_settings(settings):
    practice = Practice.objects.get()
    assert practice.name == settings.PRACTICE_NAME
    assert practice.phone == settings.PRACTICE_PHONE
    assert practice.time_zone == settings.PRACTICE_TIME_ZONE
    hours = {(h.weekday, h.opens, h.closes) for h in OpeningHours.objects.all()}
    assert hours == {(day, dt.time(8), dt.time(18)) for day in range(5)}
    names = set(Holiday.objects.values_list("name", flat=True))
    assert {"Thanksgiving Day", "Christmas Day", "New Year's Day"} <= names
    assert "Columbus Day" not in names


def test_there_is_only_ever_one_row():
    with pytest.raises(IntegrityError):
        Practice.objects.create(pk=2, **seed.contact_defaults())


def test_the_current_practice_is_read_once_then_cached(django_assert_num_queries):
    # The version, the row, its hours, its holidays, the published pages the footer links to.
    with django_assert_num_queries(VERSION + 4):
        first = Practice.current()
    with django_assert_num_queries(VERSION):  # the pages' version, to know the copy is current
        again = Practice.current()
    assert again.phone == first.phone
    assert again.calendar == first.calendar


def test_a_change_is_seen_on_the_next_read():
    Practice.current()
    Practice.objects.filter(pk=1).update(phone="(651) 555-0199")  # no signal: still cached
    assert Practice.current().phone != "(651) 555-0199"
    practice = Practice.objects.get()
    practice.phone = "(651) 555-0199"
    practice.save()
    assert Practice.current().phone == "(651) 555-0199"


@pytest.mark.parametrize("change", ["hours", "holiday", "delete_holiday"])
def test_hours_and_holidays_changes_are_seen_on_the_next_read(change):
    before = Practice.current().calendar
    practice = Practice.objects.get()
    if change == "hours":
        OpeningHours.objects.create(practice=practice, weekday=5, opens="09:00", closes="12:00")
    elif change == "holiday":
        Holiday.objects.create(practice=practice, date=dt.date(2031, 3, 3), name="Closed")
    else:
        Holiday.objects.first().delete()
    assert cache.get(Practice.cache_key()) is None
    assert Practice.current().calendar != before


def test_without_a_row_the_settings_are_used_and_nothing_is_written(settings):
    Practice.objects.all().delete()
    settings.PRACTICE_PHONE = "(218) 555-0100"
    practice = Practice.current()
    assert practice.phone == "(218) 555-0100"
    assert practice.calendar.is_business_day(dt.date(2027, 1, 4))  # a Monday
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("(612) 555-0142", "tel:+16125550142"),
        ("612.555.0142", "tel:+16125550142"),
        ("1-612-555-0142", "tel:+16125550142"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("555-0142", ""),
    ],
)
def test_the_phone_number_becomes_a_link_to_dial(phone, href):
    assert Practice(phone=phone).phone_href == href


def test_the_week_reads_as_grouped_days(practice):
    assert practice.weekly_hours == [
        ("Monday to Friday", "8 a.m. to 6 p.m."),
        ("Saturday and Sunday", "Closed"),
    ]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("mon-fri 08:00-18:00", {d: [(dt.time(8), dt.time(18))] for d in range(5)}),
        (
            "mon-thu 08:00-12:00,13:00-19:00; fri 8:00-16:00; sat 09:00-12:00",
            {
                **{d: [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(19))] for d in range(4)},
                4: [(dt.time(8), dt.time(16))],
                5: [(dt.time(9), dt.time(12))],
            },
        ),
        ("SUN 10:00-14:00", {6: [(dt.time(10), dt.time(14))]}),
    ],
)
def test_the_hours_setting_is_read(text, hours):
    assert seed.parse_hours(text) == hours


@pytest.mark.parametrize(
    "text",
    [
        "",
        "mon-fri",
        "monday 08:00-18:00",
        "fri-mon 08:00-18:00",
        "mon 18:00-08:00",
        "mon 8-18",
        "mon 08:00-18:00; mon 09:00-10:00",
    ],
)
def test_a_bad_hours_setting_is_refused(text):
    with pytest.raises(ValueError):
        seed.parse_hours(text)


def test_a_bad_hours_setting_fails_the_system_check(settings):
    from practice.checks import practice_settings

    settings.PRACTICE_HOURS = "weekdays 9 to 5"
    settings.PRACTICE_TIME_ZONE = "Mars/Olympus"
    assert {e.id for e in practice_settings(None)} == {"practice.E001", "practice.E002"}


def test_holidays_come_from_the_federal_calendar_with_observed_days():
    chosen = seed.holidays_for("Independence Day, Christmas Day", range(2027, 2028))
    assert chosen == [
        (dt.date(2027, 7, 4), "Independence Day"),
        (dt.date(2027, 7, 5), "Independence Day (observed)"),
        (dt.date(2027, 12, 24), "Christmas Day (observed)"),
        (dt.date(2027, 12, 25), "Christmas Day"),
    ]
    assert seed.holidays_for("", range(2027, 2028)) == []
    assert len(seed.holidays_for("all", range(2027, 2028))) >= 11


# --- The admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="a-long-test-password-9")
    client.force_login(admin)
    return client


def _change_form(practice, **changes):
    hours = list(practice.opening_hours.all())
    holidays = list(practice.holidays.all())
    data = {
        **{f: getattr(practice, f) for f in ("name", "phone", "email", "street", "city")},
        "state": practice.state,
        "zip_code": practice.zip_code,
        "time_zone": practice.time_zone,
        "opening_hours-TOTAL_FORMS": len(hours),
        "opening_hours-INITIAL_FORMS": len(hours),
        "holidays-TOTAL_FORMS": len(holidays),
        "holidays-INITIAL_FORMS": len(holidays),
    }
    for i, h in enumerate(hours):
        data |= {
            f"opening_hours-{i}-id": h.pk,
            f"opening_hours-{i}-practice": practice.pk,
            f"opening_hours-{i}-weekday": h.weekday,
            f"opening_hours-{i}-opens": h.opens.strftime("%H:%M"),
            f"opening_hours-{i}-closes": h.closes.strftime("%H:%M"),
        }
    for i, h in enumerate(holidays):
        data |= {
            f"holidays-{i}-id": h.pk,
            f"holidays-{i}-practice": practice.pk,
            f"holidays-{i}-date": h.date.isoformat(),
            f"holidays-{i}-name": h.name,
        }
    return data | changes


def test_the_admin_opens_the_one_row_and_cannot_add_or_delete_it(admin_client):
    listing = admin_client.get(reverse("admin:practice_practice_changelist"))
    assert listing.status_code == 302
    assert listing.url == reverse("admin:practice_practice_change", args=[1])
    assert admin_client.get(reverse("admin:practice_practice_add")).status_code == 403
    assert admin_client.get(reverse("admin:practice_practice_delete", args=[1])).status_code == 403


def test_an_edit_in_the_admin_shows_on_the_next_page(admin_client, client):
    practice = Practice.objects.get()
    assert "(612) 555-0142" in client.get("/").content.decode()
    url = reverse("admin:practice_practice_change", args=[1])
    response = admin_client.post(url, _change_form(practice, phone="(651) 555-0199"))
    assert response.status_code == 302, response.context["adminform"].errors
    assert Practice.current().phone == "(651) 555-0199"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "call us"}, "area code"),
        ({"time_zone": "Mars/Olympus"}, "Unknown time zone"),
        ({"opening_hours-0-closes": "07:00"}, "Closing must be after opening"),
        (
            {
                "opening_hours-TOTAL_FORMS": 6,
                "opening_hours-5-weekday": 0,
                "opening_hours-5-opens": "17:00",
                "opening_hours-5-closes": "19:00",
            },
            "overlap",
        ),
        (
            {f"opening_hours-{i}-DELETE": "on" for i in range(5)},
            "at least one day",
        ),
    ],
)
def test_the_admin_refuses_what_the_calendar_cannot_use(admin_client, changes, message):
    practice = Practice.objects.get()
    url = reverse("admin:practice_practice_change", args=[1])
    response = admin_client.post(url, _change_form(practice, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Practice.objects.get().phone == practice.phone


def test_content_editors_cannot_change_the_practice(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:practice_practice_change", args=[1]))
    assert response.status_code == 403


def test_pages_show_times_in_the_practice_time_zone(rf):
    from django.utils import timezone

    from practice.middleware import PracticeTimeZoneMiddleware

    practice = Practice.objects.get()
    practice.time_zone = "America/New_York"
    practice.save()
    seen = []
    middleware = PracticeTimeZoneMiddleware(
        lambda request: seen.append(timezone.get_current_timezone_name())
    )
    middleware(rf.get("/"))
    assert seen == ["America/New_York"]
    assert timezone.get_current_timezone_name() == "America/Chicago", "only for the request"


def test_without_a_database_pages_keep_the_settings_time_zone(rf, monkeypatch, settings):
    from django.db import DatabaseError
    from django.utils import timezone

    from practice.middleware import PracticeTimeZoneMiddleware

    def unreadable(cls):
        raise DatabaseError("gone")

    monkeypatch.setattr(Practice, "load", classmethod(unreadable))
    settings.PRACTICE_TIME_ZONE = "America/Denver"
    seen = []
    PracticeTimeZoneMiddleware(lambda r: seen.append(timezone.get_current_timezone_name()))(
        rf.get("/crisis/")
    )
    assert seen == ["America/Denver"]


def test_a_request_reads_the_cache_once_however_often_the_practice_is_asked_for(rf, monkeypatch):
    from practice import models
    from practice.middleware import PracticeTimeZoneMiddleware

    reads = []
    real_get = models.cache.get
    monkeypatch.setattr(models.cache, "get", lambda *a, **k: reads.append(a) or real_get(*a, **k))

    def page(request):
        return [Practice.current().phone for _ in range(50)]

    phones = PracticeTimeZoneMiddleware(page)(rf.get("/staff/"))
    assert len(set(phones)) == 1
    assert len(reads) == 1
    Practice.current()
    assert len(reads) == 2, "outside a request the cache is asked again"


def test_the_health_check_does_not_read_the_practice(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, nothing else
        assert client.get("/healthz").status_code == 200


def test_with_the_database_away_pages_get_the_practice_from_settings(monkeypatch, caplog):
    from django.db import OperationalError

    def away(cls):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Practice, "load", classmethod(away))
    practice = Practice.current()
    assert practice.phone == "(612) 555-0142"
    assert practice.calendar.is_business_day(dt.date(2027, 1, 4))
    assert "Practice details unreadable, using settings: OperationalError" in caplog.text
    monkeypatch.undo()
    assert cache.get(Practice.cache_key()) is not None, (
        "kept briefly, so a database outage is not hammered"
    )


def test_the_crisis_page_answers_with_the_database_away(client, monkeypatch):
    from django.db import OperationalError

    def away(cls):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Practice, "load", classmethod(away))
    response = client.get("/crisis/")
    assert response.status_code == 200
    assert "(612) 555-0142" in response.content.decode()
