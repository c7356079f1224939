"""submit_request and choose_clinicians: whole or nothing, once per form."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from intake import services
from intake.models import MatchRequest, RequestMatch
from intake.services import Answers, choose_clinicians, submit_request
from outbox.models import OutboxMessage
from tests.budgets import VERSION

pytestmark = pytest.mark.django_db

TOKEN = "service-form-token-0123456789"


def answers(**overrides) -> Answers:
    values = {
        "concerns": ("self-harm",),
        "asq_wished_dead": False,
        "asq_better_off_dead": False,
        "asq_thoughts_of_suicide": False,
        "asq_ever_attempted": False,
        "asq_right_now": False,
        "format": "telehealth",
        "state": "MN",
        "date_of_birth": date(1990, 4, 17),
        "age_group": "adult",
        "payment": "insurance",
        "carrier": "aetna",
        "modalities": ("dbt",),
        "first_name": "Quillonax",
        "email": "quillonax@example.org",
        "contact_method": "email",
        "consent_to_contact": True,
    }
    values.update(overrides)
    return Answers(**values)


def counts() -> tuple[int, ...]:
    through = (
        MatchRequest.concerns.through.objects.count(),
        MatchRequest.modalities.through.objects.count(),
    )
    return (
        MatchRequest.objects.count(),
        RequestMatch.objects.count(),
        OutboxMessage.objects.count(),
        *through,
    )


def test_it_saves_the_request_its_answers_the_snapshot_and_the_staff_notice(clinicians):
    submitted = submit_request(form_token=TOKEN, answers=answers())
    assert submitted.created
    request = submitted.request
    assert list(request.concerns.values_list("slug", flat=True)) == ["self-harm"]
    assert list(request.modalities.values_list("slug", flat=True)) == ["dbt"]
    assert request.carrier.slug == "aetna"
    snapshot = list(request.matches.all())
    assert [row.rank for row in snapshot] == list(range(1, len(snapshot) + 1))
    assert snapshot[0].clinician == clinicians[0]
    assert snapshot[0].clinician_name == clinicians[0].display_name
    assert "Works with self-harm as a primary focus" in snapshot[0].reasons
    assert snapshot[0].score >= snapshot[-1].score
    assert not any(row.relaxed for row in snapshot)
    assert OutboxMessage.objects.filter(request=request, kind="staff_new_request").count() == 1


def test_the_snapshot_is_seeded_by_the_form_token(clinicians, monkeypatch):
    seen = []
    real_rank = services.rank

    def spy(preferences, **kwargs):
        seen.append(preferences)
        return real_rank(preferences, **kwargs)

    monkeypatch.setattr(services, "rank", spy)
    submit_request(form_token=TOKEN, answers=answers(budget=None))
    assert seen[0].seed == TOKEN
    assert seen[0].carrier == "aetna"
    assert seen[0].concerns == ("self-harm",)
    assert seen[0].modalities == ("dbt",)


def test_self_pay_is_passed_to_the_ranking_without_a_carrier(clinicians, monkeypatch):
    seen = []
    monkeypatch.setattr(services, "rank", lambda p, **kw: seen.append(p) or services.RankResult(()))
    submit_request(form_token=TOKEN, answers=answers(payment="self_pay", carrier="", budget=120))
    assert seen[0].self_pay and seen[0].carrier == "" and seen[0].budget == 120


def test_the_same_form_token_twice_makes_one_request(clinicians):
    first = submit_request(form_token=TOKEN, answers=answers())
    second = submit_request(form_token=TOKEN, answers=answers(first_name="Other"))
    assert not second.created
    assert second.request.pk == first.request.pk
    assert counts()[0] == 1
    assert OutboxMessage.objects.count() == 1


def test_a_race_on_the_same_form_token_is_settled_by_the_unique_constraint(clinicians, monkeypatch):
    winner = submit_request(form_token=TOKEN, answers=answers()).request
    real_existing = services.existing_request
    calls = []

    def missed_then_found(token):
        calls.append(token)
        return None if len(calls) == 1 else real_existing(token)

    monkeypatch.setattr(services, "existing_request", missed_then_found)
    loser = submit_request(form_token=TOKEN, answers=answers())
    assert len(calls) == 2, "the second check ran after the insert hit the constraint"
    assert not loser.created
    assert loser.request.pk == winner.pk
    assert counts()[:3] == (1, len(winner.matches.all()), 1)


@pytest.mark.parametrize("step", ["_save_snapshot", "_queue_notices", "rank"])
def test_a_failure_after_the_first_insert_leaves_nothing_behind(clinicians, monkeypatch, step):
    def boom(*args, **kwargs):
        raise RuntimeError("a later step failed")

    monkeypatch.setattr(services, step, boom)
    with pytest.raises(RuntimeError):
        submit_request(form_token=TOKEN, answers=answers())
    assert counts() == (0, 0, 0, 0, 0)


def test_a_failure_while_queueing_the_second_message_leaves_nothing(clinicians, monkeypatch):
    real_queue = services.outbox.queue_email
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs["kind"])
        if len(calls) == 2:
            raise RuntimeError("mail row failed")
        return real_queue(**kwargs)

    monkeypatch.setattr(services.outbox, "queue_email", second_fails)
    with pytest.raises(RuntimeError):
        submit_request(form_token=TOKEN, answers=answers(email_confirmation=True))
    assert counts() == (0, 0, 0, 0, 0)


def test_a_submission_is_one_short_transaction_within_a_query_budget(
    clinicians, practice, django_assert_max_num_queries
):
    with django_assert_max_num_queries(VERSION + 15):
        submit_request(form_token=TOKEN, answers=answers())


def test_the_results_token_and_reference_are_unique_and_opaque(clinicians):
    a = submit_request(form_token=TOKEN, answers=answers()).request
    b = submit_request(form_token=TOKEN + "x", answers=answers()).request
    assert a.reference != b.reference
    assert a.results_token != b.results_token
    assert len(a.results_token) >= 43
    assert str(a.pk) not in a.reference


def test_a_request_needs_an_email_or_a_phone_in_the_database_too(clinicians):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        submit_request(form_token=TOKEN, answers=answers(email="", phone=""))


# choose_clinicians ----------------------------------------------------------------------


@pytest.fixture
def request_with_matches(clinicians):
    return submit_request(form_token=TOKEN, answers=answers()).request


def test_choosing_marks_the_chosen_rows_of_the_snapshot(request_with_matches, clinicians):
    chosen = choose_clinicians(
        request=request_with_matches, clinician_ids=[clinicians[0].pk, clinicians[2].pk]
    )
    assert chosen.chosen_at is not None
    assert not chosen.staff_choose
    assert set(chosen.chosen_matches().values_list("clinician_id", flat=True)) == {
        clinicians[0].pk,
        clinicians[2].pk,
    }


def test_choosing_again_replaces_the_choice(request_with_matches, clinicians):
    choose_clinicians(request=request_with_matches, clinician_ids=[clinicians[0].pk])
    again = choose_clinicians(request=request_with_matches, staff_choose=True)
    assert again.staff_choose
    assert not again.chosen_matches().exists()


@pytest.mark.parametrize(
    ("ids", "staff", "message"),
    [
        ([], False, "Choose one to three clinicians"),
        ([0], True, "not both"),
        ([0, 1, 2, 3], False, "no more than three"),
        (["outsider"], False, "from the clinicians shown"),
    ],
)
def test_choosing_is_checked(request_with_matches, clinicians, ids, staff, message):
    from tests.factories import ClinicianFactory

    extra = ClinicianFactory(specialties=["self-harm"], carriers=["aetna"])
    RequestMatch.objects.create(
        request=request_with_matches, clinician=extra, clinician_name="x", rank=50, score=0
    )
    pool = [*[c.pk for c in clinicians[:3]], extra.pk]
    outsider = clinicians[3].pk
    chosen = [outsider if i == "outsider" else pool[i] for i in ids]
    with pytest.raises(ValidationError, match=message):
        choose_clinicians(request=request_with_matches, clinician_ids=chosen, staff_choose=staff)


def test_choosing_is_closed_once_staff_are_working_on_it(request_with_matches, clinicians):
    MatchRequest.objects.filter(pk=request_with_matches.pk).update(status="in_review")
    with pytest.raises(ValidationError, match="already working"):
        choose_clinicians(request=request_with_matches, clinician_ids=[clinicians[0].pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter")
def test_choosing_locks_the_request_row(request_with_matches, clinicians):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        choose_clinicians(request=request_with_matches, clinician_ids=[clinicians[0].pk])
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


def test_the_condition_pages_recommend_modalities_to_the_ranking(clinicians, monkeypatch):
    seen = []
    real_rank = services.rank
    monkeypatch.setattr(services, "rank", lambda p, **kw: seen.append(p) or real_rank(p, **kw))
    submit_request(form_token=TOKEN, answers=answers(concerns=("self-harm",), modalities=()))
    assert "dbt" in seen[0].recommended_modalities
