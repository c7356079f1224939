"""The Spanish catalogue is complete, compiled, and covers every public template string."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/es/LC_MESSAGES/django.po"
MO = ROOT / "locale/es/LC_MESSAGES/django.mo"

# Templates that staff, clinicians' admin or the admin see: English only (PRODUCT.md §13).
# The clinicians' own pages (/for-clinicians/) are for professionals, like the staff pages.
ENGLISH_ONLY = (
    "staff_base.html",
    "clinicians/",
    "admin/",
    "registration/",
    "intake/staff/",
    "intake/email/staff_new_request.txt",
    "includes/icons.html",
    "includes/logo_mark.html",
    "includes/messages.html",
)
# Words that are the same in both languages, and the switcher's label, in both on purpose.
SAME_IN_BOTH = {"Ellie"}
BILINGUAL = {"Language / Idioma"}


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def public_templates() -> list[Path]:
    base = ROOT / "templates"
    return [
        path
        for path in sorted(base.rglob("*"))
        if path.suffix in {".html", ".txt"}
        and not str(path.relative_to(base)).startswith(ENGLISH_ONLY)
    ]


def test_every_entry_has_a_spanish_translation_that_is_not_fuzzy():
    problems = []
    for entry in catalogue():
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        if not all(s.strip() for s in strings):
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text)) | set(re.findall(r"<(\w+)[ >]", text))


def test_translations_keep_every_placeholder_and_tag():
    problems = []
    for entry in catalogue():
        wanted = placeholders(entry.msgid_plural or entry.msgid)
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in strings:
            found = placeholders(text)
            # A singular may say "1" in words instead of %(count)d; nothing else may go.
            if entry.msgid_plural and text == strings.__iter__().__next__():
                wanted_here = placeholders(entry.msgid)
            else:
                wanted_here = wanted
            if found != wanted_here:
                problems.append(f"{entry.msgid!r}: {sorted(found ^ wanted_here)}")
    assert not problems, "\n".join(problems)


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    """`make run` and `make test` need no gettext tools: the .mo is committed, and current."""
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(MO))}
    source = {(e.msgctxt, e.msgid): e for e in catalogue() if not e.obsolete and e.translated()}
    assert set(compiled) - {(None, "")} == set(source), (
        "run `make messages` (or tools/compile_messages.py)"
    )
    for key, entry in source.items():
        mo = compiled[key]
        if entry.msgid_plural:
            assert mo.msgstr_plural == entry.msgstr_plural, key
        else:
            assert mo.msgstr == entry.msgstr, key


def test_the_spanish_catalogue_is_the_one_django_uses():
    with translation.override("es"):
        assert translation.gettext("Get help now") == "Obtenga ayuda ahora"
        assert translation.ngettext("%(count)d week ago", "%(count)d weeks ago", 5) == (
            "hace %(count)d semanas"
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_makemessages_finds_no_string_missing_from_the_catalogue(tmp_path, settings):
    """Every marked string in the code and templates is in the .po (run in a copy)."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "__pycache__", "staticfiles", "node_modules")
    for name in ("conditions", "ellie", "intake", "matching", "practice", "templates"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copytree(ROOT / "locale", copy / "locale")
    settings.LOCALE_PATHS = [copy / "locale"]
    import os

    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["es"], no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(copy / "locale/es/LC_MESSAGES/django.po"))
    ours = {(e.msgctxt, e.msgid) for e in catalogue() if not e.obsolete}
    new = sorted(e.msgid for e in fresh if not e.obsolete and (e.msgctxt, e.msgid) not in ours)
    assert not new, (
        "strings missing from the Spanish catalogue (run `make messages`):\n" + "\n".join(new)
    )


TRANSLATED_BLOCK = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S)
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
SPANISH_ELEMENT = re.compile(r'<(\w+)[^>]*\blang="es"[^>]*>.*?</\1>', re.S)
VISIBLE_ATTRIBUTE = re.compile(
    r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"'
    r'|<meta (?:name="description"|property="og:(?:title|description)") content="([^"]*)"'
)
MARKUP = re.compile(r"<[^>]*>")


def untranslated_text(source: str) -> list[str]:
    """Words a person would read that are outside any translation tag."""
    text = COMMENT.sub(" ", source)
    text = TRANSLATED_BLOCK.sub(" ", text)
    text = SPANISH_ELEMENT.sub(" ", text)
    text = TAG.sub(" ", text)
    found = [
        value
        for pair in VISIBLE_ATTRIBUTE.findall(text)
        for value in pair
        if re.search("[A-Za-z]{2}", value) and value not in BILINGUAL
    ]
    text = MARKUP.sub(" ", text)
    for run in re.findall(r"[A-Za-z][A-Za-z'’ .,:;!?-]*[A-Za-z]", text):
        if set(run.split()) - SAME_IN_BOTH:
            found.append(run)
    return found


@pytest.mark.parametrize("path", public_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_public_template_has_no_text_outside_a_translation_tag(path):
    assert not untranslated_text(path.read_text())


def test_the_check_for_untranslated_text_finds_it():
    assert untranslated_text("<p>Call us</p>") == ["Call us"]
    assert untranslated_text('<img alt="A photo">') == ["A photo"]
    assert untranslated_text('<meta name="description" content="About us">') == ["About us"]
    assert untranslated_text('<meta name="robots" content="noindex">') == []
    assert untranslated_text('<p>{% translate "Call us" %} {{ name }}</p>') == []
    assert untranslated_text("<p>{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}</p>") == []
