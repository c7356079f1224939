"""`Sql`: text and parameters travel together, in text order, however they are combined."""

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.sql import Sql


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("r.state = %s", []),
        ("r.state = %s", ["MN", "WI"]),
        ("r.accepting", [True]),
        ("x %% 7 = %s AND y = %s", [1]),
    ],
)
def test_a_fragment_refuses_parameters_that_do_not_match_its_placeholders(text, params):
    with pytest.raises(ValueError, match="placeholder"):
        Sql(text, params)


@pytest.mark.parametrize("text", ["rate > 10%", "name LIKE 'a%'", "x %d", "%"])
def test_a_percent_sign_must_be_a_placeholder_or_written_twice(text):
    with pytest.raises(ValueError, match="%%"):
        Sql(text)


def test_adding_keeps_text_and_parameters_together():
    fragment = Sql("a = %s", [1]) + Sql(" AND b = %s", [2])
    assert (fragment.text, fragment.params) == ("a = %s AND b = %s", (1, 2))


def test_joining_puts_parameters_in_the_order_of_the_parts():
    joined = Sql.join(" OR ", [Sql("a = %s", [1]), Sql("b"), Sql("c = %s", [3])])
    assert (joined.text, joined.params) == ("a = %s OR b OR c = %s", (1, 3))
    assert Sql.join(", ", map(Sql.param, "xyz")).params == ("x", "y", "z")
    with pytest.raises(ValueError):
        Sql.join(" %s ", [Sql("a")])
    with pytest.raises(TypeError):
        Sql.join(" AND ", [Sql("a"), "b = 'x'"])


def test_formatting_orders_parameters_by_where_the_fields_are_not_how_they_are_named():
    statement = Sql("SELECT {columns} FROM t WHERE {where} AND x > %s LIMIT %s", [5, 20]).format(
        where=Sql("state = %s", ["MN"]), columns=Sql("CASE WHEN a THEN %s ELSE 0 END", [30])
    )
    assert statement.text == (
        "SELECT CASE WHEN a THEN %s ELSE 0 END FROM t WHERE state = %s AND x > %s LIMIT %s"
    )
    assert statement.params == (30, "MN", 5, 20)


def test_a_field_used_twice_brings_its_parameters_twice():
    failures = Sql("CASE WHEN r.carriers & %s THEN 0 ELSE 1 END", [8])
    query = Sql("SELECT {f} AS failures WHERE ({f}) > %s", [0]).format(f=failures)
    assert query.params == (8, 8, 0)


@pytest.mark.parametrize(
    "template", ["{missing}", "{where!r}", "{where:>10}", "{0}", "{}"], ids=str
)
def test_formatting_takes_only_named_sql_fields(template):
    with pytest.raises(ValueError):
        Sql(template).format(where=Sql("a"))


def test_formatting_refuses_plain_text_in_a_field():
    with pytest.raises(TypeError):
        Sql("WHERE {where}").format(where="state = 'MN'")
    with pytest.raises(TypeError):
        Sql("a") + "b"


def test_fragments_are_values():
    fragment = Sql("a = %s", [1])
    assert fragment == Sql("a = %s", (1,))
    assert fragment != Sql("a = %s", [2])
    assert len({fragment, Sql("a = %s", [1])}) == 1
    assert not Sql() and Sql("a")
    with pytest.raises(AttributeError):
        fragment.text = "b"
    with pytest.raises(AttributeError):
        fragment.params = ()


# Every generated placeholder is written right after a tag naming its own parameter, so
# after any composition the tags read in text order must equal the parameters in order.
counter = itertools.count()


@st.composite
def tagged(draw):
    if draw(st.booleans()):
        return Sql("t")  # a fragment without parameters
    n = next(counter)
    return Sql(f"<{n}>%s", [n])


def formatted(a: Sql, b: Sql, own: Sql, twice: bool) -> Sql:
    """A template with a parameter of its own between two fields (`a` twice, maybe)."""
    template = Sql("({b}) " + own.text + " ({a})", own.params)
    return template.format(a=a, b=a if twice else b)


fragments = st.recursive(
    tagged(),
    lambda children: st.one_of(
        st.tuples(children, children).map(lambda pair: pair[0] + pair[1]),
        st.lists(children, max_size=4).map(lambda parts: Sql.join(" , ", parts)),
        st.builds(formatted, children, children, tagged(), st.booleans()),
    ),
    max_leaves=25,
)


@given(fragments)
def test_however_fragments_are_combined_parameters_stay_in_text_order(fragment):
    tags = [int(tag) for tag in re.findall(r"<(\d+)>%s", fragment.text)]
    assert tags == list(fragment.params)
    assert fragment.text.count("%s") == len(fragment.params)
