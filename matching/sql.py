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

from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter
from string import Formatter
from typing import Any


@lru_cache(maxsize=4096)
def _placeholders(text: str) -> int:
    """How many `%s` placeholders `text` holds; any other use of `%` is an error."""
    if "%" not in text:
        return 0
    # Read left to right, as the driver does: "%%" is a literal percent sign.
    rest = text.replace("%%", "")
    count = rest.count("%s")
    if rest.count("%") != count:
        raise ValueError(f"Write a literal % as %% in SQL text: {text!r}")
    return count


def _refuse(name: str, fragment: object) -> None:
    if fragment is None:
        raise ValueError(f"No fragment given for {{{name}}}.")
    raise TypeError(f"{{{name}}} must be Sql, not {type(fragment).__name__}.")


@lru_cache(maxsize=1024)
def _template(text: str) -> tuple[str, int, tuple[tuple[str, str, int], ...]]:
    """A template read once (they are constants in code): its opening text and how many
    placeholders that holds, then (field, the text after it, its placeholders) for each
    field in order."""
    parsed = list(Formatter().parse(text))
    for _, name, spec, conversion in parsed:
        if name is not None and (spec or conversion or not name.isidentifier()):
            raise ValueError(f"Use plain named fields given as Sql, not {{{name}}}.")
    literals = [literal for literal, _, _, _ in parsed]
    names = [name for _, name, _, _ in parsed if name is not None]
    if len(literals) == len(names):  # the text ends with a field
        literals.append("")
    after = tuple(
        (name, literal, _placeholders(literal))
        for name, literal in zip(names, literals[1:], strict=True)
    )
    return literals[0], _placeholders(literals[0]), after


class Sql(tuple):
    """A fragment of SQL and its parameters, in text order.

    A tuple underneath (text, params), so making one costs little: a ranking makes a
    few dozen per request.
    """

    __slots__ = ()

    def __new__(cls, text: str = "", params: Sequence[Any] = ()) -> Sql:
        if type(params) is not tuple:
            params = tuple(params)
        expected = _placeholders(text)
        if expected != len(params):
            raise ValueError(
                f"{expected} placeholder(s) but {len(params)} parameter(s) in {text!r}"
            )
        return tuple.__new__(cls, (text, params))

    text: str = property(itemgetter(0))  # type: ignore[assignment]
    params: tuple[Any, ...] = property(itemgetter(1))  # type: ignore[assignment]

    @classmethod
    def _checked(cls, text: str, params: tuple[Any, ...]) -> Sql:
        """A fragment made of fragments already checked (no second count)."""
        return tuple.__new__(cls, (text, params))

    @classmethod
    def param(cls, value: Any) -> Sql:
        """One value as a placeholder."""
        return cls._checked("%s", (value,))

    @classmethod
    def join(cls, separator: str, fragments: Iterable[Sql]) -> Sql:
        if _placeholders(separator):
            raise ValueError("A separator carries no parameters.")
        texts: list[str] = []
        params: list[Any] = []
        for fragment in fragments:
            if type(fragment) is not Sql:
                raise TypeError(f"Join Sql fragments, not {type(fragment).__name__}.")
            text, own = fragment
            texts.append(text)
            params += own
        return tuple.__new__(cls, (separator.join(texts), tuple(params)))

    def format(self, **fragments: Sql) -> Sql:
        """Put fragments in the `{name}` fields of this text (`{{` for a literal brace);
        every parameter lands where its placeholder lands."""
        template, own = self
        opening, taken, pieces = _template(template)
        texts = [opening]
        params = list(own[:taken])
        for name, literal, count in pieces:
            fragment = fragments.get(name)
            if type(fragment) is not Sql:
                _refuse(name, fragment)
            text, more = fragment
            texts += (text, literal)
            params += more
            if count:
                params += own[taken : taken + count]
                taken += count
        return tuple.__new__(Sql, ("".join(texts), tuple(params)))

    def __add__(self, other: Sql) -> Sql:
        if type(other) is not Sql:
            return NotImplemented
        text, params = self
        more_text, more_params = other
        return tuple.__new__(Sql, (text + more_text, params + more_params))

    def __radd__(self, other: object) -> Sql:
        return NotImplemented

    def __mul__(self, other: object) -> Sql:
        return NotImplemented

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sql):
            return NotImplemented
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Sql):
            return NotImplemented
        return tuple.__ne__(self, other)

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"Sql({self.text!r}, {list(self.params)!r})"
