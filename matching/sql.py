"""SQL text and its parameters as one value, so the two can never drift apart.

    Sql("r.state = %s", [state]) + Sql(" AND r.is_active")
    Sql.join(" OR ", [telehealth, near])
    Sql("SELECT {columns} FROM {source} WHERE {where} LIMIT %s", [limit]).format(
        columns=columns, source=source, where=where
    )

A fragment's `%s` placeholders must match its parameters in number when it is made (a
literal percent sign is `%%`, as the database driver expects). Adding, joining and
formatting fragments concatenates their parameters in the order their text ends up in,
so whatever the composition, the statement's parameters are in text order by
construction. Fragments are immutable and may be shared and reused.

Text is trusted SQL written in code; values only ever travel as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from string import Formatter
from typing import Any

_PERCENT = re.compile(r"%(.?)", re.DOTALL)


def _placeholders(text: str) -> int:
    """How many `%s` placeholders `text` holds; any other use of `%` is an error."""
    count = 0
    for found in _PERCENT.finditer(text):
        if found.group(1) == "s":
            count += 1
        elif found.group(1) != "%":
            raise ValueError(f"Write a literal % as %% in SQL text: {text!r}")
    return count


class Sql:
    """A fragment of SQL and its parameters, in text order."""

    __slots__ = ("text", "params")

    text: str
    params: tuple[Any, ...]

    def __init__(self, text: str = "", params: Sequence[Any] = ()):
        params = tuple(params)
        expected = _placeholders(text)
        if expected != len(params):
            raise ValueError(
                f"{expected} placeholder(s) but {len(params)} parameter(s) in {text!r}"
            )
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "params", params)

    @classmethod
    def _checked(cls, text: str, params: tuple[Any, ...]) -> Sql:
        """A fragment made of fragments already checked (no second count)."""
        fragment = object.__new__(cls)
        object.__setattr__(fragment, "text", text)
        object.__setattr__(fragment, "params", params)
        return fragment

    @classmethod
    def param(cls, value: Any) -> Sql:
        """One value as a placeholder."""
        return cls._checked("%s", (value,))

    @classmethod
    def join(cls, separator: str, fragments: Iterable[Sql]) -> Sql:
        if _placeholders(separator):
            raise ValueError("A separator carries no parameters.")
        fragments = list(fragments)
        return cls._checked(
            separator.join(fragment.text for fragment in fragments),
            tuple(param for fragment in fragments for param in fragment.params),
        )

    def format(self, **fragments: Sql) -> Sql:
        """Put fragments in the `{name}` fields of this text (`{{` for a literal brace);
        every parameter lands where its placeholder lands."""
        texts: list[str] = []
        params: list[Any] = []
        own = iter(self.params)
        for literal, name, spec, conversion in Formatter().parse(self.text):
            texts.append(literal)
            params += [next(own) for _ in range(_placeholders(literal))]
            if name is None:
                continue
            if spec or conversion or name not in fragments:
                raise ValueError(f"Use plain named fields given as Sql, not {{{name}}}.")
            fragment = fragments[name]
            if not isinstance(fragment, Sql):
                raise TypeError(f"{{{name}}} must be Sql, not {type(fragment).__name__}.")
            texts.append(fragment.text)
            params += fragment.params
        return Sql._checked("".join(texts), tuple(params))

    def __add__(self, other: Sql) -> Sql:
        if not isinstance(other, Sql):
            return NotImplemented
        return Sql._checked(self.text + other.text, self.params + other.params)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sql):
            return NotImplemented
        return (self.text, self.params) == (other.text, other.params)

    def __hash__(self) -> int:
        return hash((self.text, self.params))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Sql fragments are immutable.")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Sql fragments are immutable.")

    def __repr__(self) -> str:
        return f"Sql({self.text!r}, {list(self.params)!r})"
