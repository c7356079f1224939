"""The NPI check digit (Luhn over the prefix 80840 and the first nine digits)."""


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit that completes `digits`."""
    total = 0
    # Double every second digit counting from the right of the payload.
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def is_valid_npi(value: str) -> bool:
    value = (value or "").strip()
    if len(value) != 10 or not value.isdigit():
        return False
    return luhn_check_digit("80840" + value[:9]) == int(value[9])


def complete_npi(first_nine: str) -> str:
    """A valid NPI from nine digits (for generated and demo rosters)."""
    return first_nine + str(luhn_check_digit("80840" + first_nine))
