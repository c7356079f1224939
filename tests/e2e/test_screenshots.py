"""`make screenshots`: the real browser against demo content writes the README's pictures."""

import io
import re
import struct
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

from matching import demo

ROOT = Path(__file__).resolve().parents[2]
NAMES = re.findall(r'shot\("([\w-]+)"\)', (ROOT / "tools/screenshots.py").read_text())


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_the_tool_walks_the_main_flow_on_demo_content_and_writes_phone_sized_pngs(
    site, tmp_path, media
):
    cache.clear()
    demo.load(io.StringIO())
    result = subprocess.run(  # its own process: Playwright's sync API wants its own thread
        [sys.executable, str(ROOT / "tools/screenshots.py"), site.url, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert NAMES == ["1-home", "2-self-harm", "3-form", "4-results", "5-profile"]
    for name in NAMES:
        assert png_size(tmp_path / f"{name}.png") == (780, 1688), name  # 390 × 844 at 2×


def test_the_readme_opens_with_the_screenshots_after_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    commands_end = readme.index("```", readme.index("make test")) + 3
    shown = re.findall(r'<img src="docs/screenshots/([\w-]+)\.png"', readme)
    assert shown == NAMES
    first_image = readme.index("<img ")
    assert commands_end < first_image < readme.index("Both need only Python")
    for name in shown:
        assert png_size(ROOT / f"docs/screenshots/{name}.png") == (780, 1688), name


def test_make_screenshots_serves_demo_content_and_runs_the_tool():
    makefile = (ROOT / "Makefile").read_text()
    target = makefile.split("\nscreenshots:", 1)[1].split("\n\n", 1)[0]
    order = ["load_demo", "runserver", "tools/wait_for_port.py", "tools/screenshots.py"]
    assert [target.index(step) for step in order] == sorted(target.index(s) for s in order)
    assert "docs/screenshots" in target
    assert "trap 'kill $$server" in target, "the server stops with the target"
