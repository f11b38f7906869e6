"""Numbers that identify someone or something: mobile and landline phones, resident ID numbers, work-order
numbers. One place tells them apart, for every caller: the intake, the masking of personal data, the record's
validation. An 18-digit ID number is never read as a phone, an order number never as either."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_FULLWIDTH_DIGITS = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)} | {0xFF0D: ord("-"), 0xFF38: ord("X"),
                                                                        0xFF58: ord("x")}
_SEP = r"[-\s]?"
ORDER_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})\s?(\d{14})(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
MOBILE = re.compile(rf"(?<![\d])(?:\+?86{_SEP})?(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?!\d)")
# area code 0xx or 0xxx, then 7 or 8 digits, possibly written 4-4 ("0379-6550-1234"); an extension after 转
LANDLINE = re.compile(r"(?<![\d])[(（]?(0\d{2,3})[)）]?[-\s]?(\d{3,4})[-\s]?(\d{4})(?:\s?(?:转|-|ext\.?)\s?(\d{1,5}))?(?!\d)")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Identifier:
    kind: str  # mobile | landline | id_number | order_number
    value: str  # normalised: digits only for a mobile, "0379-65501234" for a landline, upper case
    start: int
    end: int


def plain(text: str) -> str:
    """Full-width digits, hyphens and X as ASCII, character for character (spans stay valid)."""
    return text.translate(_FULLWIDTH_DIGITS)


def valid_id_number(value: str) -> bool:
    v = value.upper()
    if len(v) == 15:
        v18 = v[:6] + "19" + v[6:]
        return _valid_birth(v18[6:14])
    if len(v) != 18 or not v[:17].isdigit():
        return False
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(v[:17], _ID_WEIGHTS)) % 11]
    return v[17] == check and _valid_birth(v[6:14])


def _valid_birth(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1900 <= born.year <= date.today().year


def find_all(text: str | None) -> list[Identifier]:
    """Every identifier in `text`, left to right, none overlapping (order numbers, then ID numbers, then
    phones claim their characters first)."""
    if not text:
        return []
    t = plain(text)
    taken: list[tuple[int, int]] = []
    out: list[Identifier] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in ORDER_NUMBER.finditer(t):
        out.append(Identifier("order_number", (m.group(1) + m.group(2)).upper(), m.start(), m.end()))
        taken.append(m.span())
    for m in ID_NUMBER.finditer(t):
        if free(*m.span()) and valid_id_number(m.group(1)):
            out.append(Identifier("id_number", m.group(1).upper(), m.start(), m.end()))
            taken.append(m.span())
    for m in MOBILE.finditer(t):
        if free(*m.span()):
            out.append(Identifier("mobile", "".join(m.group(1, 2, 3)), m.start(), m.end()))
            taken.append(m.span())
    for m in LANDLINE.finditer(t):
        if free(*m.span()):
            number = f"{m.group(1)}-{m.group(2)}{m.group(3)}"
            if m.group(4):
                number += f"-{m.group(4)}"
            out.append(Identifier("landline", number, m.start(), m.end()))
            taken.append(m.span())
    return sorted(out, key=lambda i: i.start)


def phones(text: str | None) -> list[Identifier]:
    return [i for i in find_all(text) if i.kind in ("mobile", "landline")]


def normalise_phone(text: str | None) -> str | None:
    """The one phone number `text` consists of (separators allowed), normalised; None when it is not one."""
    if not text:
        return None
    found = phones(text)
    if len(found) != 1:
        return None
    rest = plain(text)[: found[0].start] + plain(text)[found[0].end:]
    return found[0].value if not re.search(r"\d", rest) else None


PHONE_SCHEMA_PATTERN = r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(-\d{1,5})?)$"
