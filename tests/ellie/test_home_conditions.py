import pytest

from conditions.models import Condition
from practice.models import Practice
from tests.budgets import VERSION
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_conditions_with_their_summaries(client):
    draft = ConditionFactory(is_published=False, title="Unfinished page")
    html = client.get("/").content.decode()
    for page in Condition.objects.published():
        assert f'<a href="{page.get_absolute_url()}">{page.title}</a>' in html
        assert page.summary in html
    assert draft.title not in html


def test_home_lists_conditions_in_one_query(client, practice, django_assert_num_queries):
    ConditionFactory.create_batch(5)
    Practice.current()  # cached again at the version the factories moved on
    with django_assert_num_queries(VERSION + 1):
        assert client.get("/").status_code == 200
