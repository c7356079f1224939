"""The demo's drawn portraits: nobody's face, the same picture for the same name."""

import pytest
from PIL import ImageChops

from matching.demo_portraits import SIZE, draw_portrait, main, portrait_png
from matching.photos import read_photo


def test_the_same_name_always_gets_the_same_portrait():
    first, again = draw_portrait("Maya Lindqvist"), draw_portrait("maya lindqvist")
    assert ImageChops.difference(first, again).getbbox() is None


@pytest.mark.parametrize("other", ["Omar Warsame", "Maya Lindqvista", "Sam Berg"])
def test_different_names_get_different_portraits(other):
    assert ImageChops.difference(draw_portrait("Maya Lindqvist"), draw_portrait(other)).getbbox()


def test_a_portrait_passes_the_photo_pipeline_at_every_width():
    photo = read_photo(portrait_png("Hana Xiong"))
    assert photo.widths == (128, 256, 512)
    assert draw_portrait("Hana Xiong").size == (SIZE, SIZE)


def test_the_script_writes_portraits_to_look_at(tmp_path, capsys):
    assert main([str(tmp_path), "Maya Lindqvist", "Omar Warsame"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maya-lindqvist.png", "omar-warsame.png"]
    assert main([]) == 2
