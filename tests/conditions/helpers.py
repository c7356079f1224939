import json
import re
from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
            self._in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs
            if self._in_json_ld:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1
            self._in_json_ld = False
        elif tag in ("p", "li", "h1", "h2", "h3", "summary", "div", "section"):
            self.parts.append(" ")

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data
        elif not self.skipping:
            self.parts.append(data)


def visible_text(html: str | bytes) -> str:
    """The words a person reads, whitespace collapsed (no script or style contents)."""
    parser = _Text()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def json_ld_blocks(html: str | bytes) -> list:
    parser = _Text()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return [json.loads(block) for block in parser.json_ld]


class _Form(HTMLParser):
    """Collects what a browser would submit from the page's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            value = self.data[self._textarea][-1] + data
            # Browsers drop the newline that follows <textarea>.
            self.data[self._textarea][-1] = value.removeprefix("\n") if value == data else value


def form_data(html: str | bytes) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data
