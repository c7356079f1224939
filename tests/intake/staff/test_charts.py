"""Server-side SVG charts: accessible, well-formed, no inline styles, labels escaped."""

import xml.etree.ElementTree as ET

import pytest

from intake.staff.charts import Bar, Series, bar_chart, data_table, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own markup


def every_attribute(root: ET.Element) -> set[str]:
    return {name for element in root.iter() for name in element.attrib}


def bar_lengths(root: ET.Element) -> list[float]:
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]


@pytest.fixture(
    params=[
        lambda: bar_chart(
            chart_id="c1",
            title="Outcomes",
            bars=[Bar("Booked", 6), Bar("Waitlisted", 3), Bar("Declined", 1, note="x")],
        ),
        lambda: line_chart(
            chart_id="c1",
            title="Outcomes",
            x_labels=["5 Jan", "12 Jan", "19 Jan"],
            series=[Series("Urgent", [1.5, None, 3]), Series("Routine", [10, 12, 8])],
            unit=" h",
        ),
        lambda: bar_chart(chart_id="c1", title="Outcomes", bars=[]),
        lambda: line_chart(chart_id="c1", title="Outcomes", x_labels=[], series=[]),
    ],
    ids=["bars", "lines", "empty-bars", "empty-lines"],
)
def chart(request):
    return request.param()


def test_a_chart_is_an_image_named_by_its_title_and_description(chart):
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    assert ids == ["c1-title", "c1-desc"]
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == ("c1-title", "Outcomes")
    assert desc.get("id") == "c1-desc" and desc.text


def test_a_chart_has_no_inline_style(chart):
    root = parse(chart)
    assert "style" not in every_attribute(root)
    assert root.find(f".//{SVG}style") is None
    assert "style=" not in str(chart)


def test_bars_are_as_long_as_their_values():
    root = parse(bar_chart(chart_id="b", title="T", bars=[Bar("a", 10), Bar("b", 5), Bar("c", 0)]))
    long, half, none = bar_lengths(root)
    assert half == pytest.approx(long / 2)
    assert none == 0


def test_bar_values_and_notes_are_written_beside_the_bars():
    markup = str(bar_chart(chart_id="b", title="T", bars=[Bar("Dr A", 4, note="not accepting")]))
    assert "4 · not accepting" in markup
    assert "Dr A: 4 (not accepting)" in markup  # in the description too


def test_a_muted_bar_is_drawn_in_the_second_colour_and_marked_by_class():
    root = parse(bar_chart(chart_id="b", title="T", bars=[Bar("a", 1), Bar("b", 1, muted=True)]))
    first, second = root.iter(f"{SVG}rect")
    assert first.get("fill") != second.get("fill")
    groups = [g.get("class") for g in root.iter(f"{SVG}g")]
    assert groups == ["chart-bar", "chart-bar chart-bar-muted"]


def test_a_line_chart_draws_each_series_and_breaks_at_gaps():
    root = parse(
        line_chart(
            chart_id="l",
            title="T",
            x_labels=["a", "b", "c", "d"],
            series=[Series("one", [1, 2, None, 4]), Series("two", [4, 3, 2, 1])],
        )
    )
    lines = list(root.iter(f"{SVG}polyline"))
    # "one" has a gap: a two-point segment and a lone point (a dot, no line).
    assert [len(p.get("points").split()) for p in lines] == [2, 4]
    assert len(list(root.iter(f"{SVG}circle"))) == 3 + 4
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "one" in texts and "two" in texts


def test_higher_values_are_drawn_higher():
    root = parse(
        line_chart(chart_id="l", title="T", x_labels=["a", "b"], series=[Series("s", [1, 3])])
    )
    low, high = (float(c.get("cy")) for c in root.iter(f"{SVG}circle"))
    assert high < low


def test_labels_and_titles_are_escaped():
    hostile = '<script>alert("x")</script>&'
    for markup in (
        bar_chart(chart_id="x", title=hostile, bars=[Bar(hostile, 1)]),
        line_chart(chart_id="x", title=hostile, x_labels=[hostile], series=[Series(hostile, [1])]),
        data_table(caption=hostile, columns=[hostile], rows=[[hostile]]),
    ):
        assert "<script>" not in str(markup)
        parse(markup)  # still well-formed


def test_the_data_table_has_a_caption_headers_and_rows():
    markup = str(
        data_table(caption="Outcomes", columns=["Outcome", "Requests"], rows=[["Booked", 6]])
    )
    root = parse(markup)
    assert root.find("caption").text == "Outcomes"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col", "row"]
    assert [td.text for td in root.iter("td")] == ["6"]


def test_an_empty_table_says_so():
    root = parse(data_table(caption="C", columns=["a", "b"], rows=[]))
    cell = root.find(".//td")
    assert (cell.text, cell.get("colspan")) == ("No data yet.", "2")
