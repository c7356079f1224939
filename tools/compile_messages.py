"""Compile locale/*/LC_MESSAGES/django.po to django.mo without GNU gettext.

`manage.py compilemessages` needs msgfmt, which a fresh machine may lack; polib (pinned in
requirements.txt) writes the same catalogue. `make messages` runs this after makemessages;
tests/ellie/test_translations.py checks the committed .mo matches the .po.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def compile_all(locale_dir: Path = ROOT / "locale") -> list[Path]:
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"wrote {path.relative_to(ROOT)}")
    sys.exit(0)
