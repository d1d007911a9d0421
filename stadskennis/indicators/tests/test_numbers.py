"""A plain figure is read by a shortcut (numbers._PLAIN_WITHIN_BOUND): it must read every number as the
full check does, refusals and rounding included."""

from hypothesis import given
from hypothesis import strategies as st

from stadskennis.indicators.numbers import NumberError, _parse, bounded, parse_number


def read(reader, raw: str):
    try:
        return str(reader(raw))  # the text too: 1.50 stays 1.50, as the export writes it
    except NumberError as error:
        return ("refused", str(error))


@given(st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{1,8})?", fullmatch=True))
def test_the_shortcut_reads_a_plain_number_as_the_full_check_does(raw):
    assert read(parse_number, raw) == read(lambda text: bounded(_parse(text), text), raw)


def test_the_edges_of_the_bound():
    assert parse_number("99999999999999999") == 99999999999999999  # 17 digits: the shortcut
    assert parse_number("1.123456") == parse_number("1,123456")
    assert read(parse_number, "1000000000000000000")[0] == "refused"  # 19 digits
    # 18 digits just under 10^18: SQLite would read the float back as 10^18, past the bound
    assert read(parse_number, "999999999999999999")[0] == "refused"
    assert parse_number("1.1234567") == bounded(_parse("1.1234567"))  # 7 decimals: rounded to 6
