"""Masking personal data (phone numbers, ID numbers, names) wherever it leaves the work-order record:
logs, analytics, exports, screening records. The numbers are found by hotline.language.identifiers."""
from __future__ import annotations

import re

from hotline.language.identifiers import find_all


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    name = name.strip()
    return name[0] + "*" * max(1, len(name) - 1)


def _masked(kind: str, raw: str) -> str:
    if kind == "id_number":
        return raw[:6] + "*" * (len(raw) - 10) + raw[-4:]
    if kind == "mobile":
        digits = re.sub(r"\D", "", raw)[-11:]
        return digits[:3] + "****" + digits[-4:]
    if kind == "landline":
        area = re.match(r"[(（]?(0\d{2,3})", raw)
        return (area.group(1) if area else "") + "-****" + re.sub(r"\D", "", raw)[-4:]
    return raw


def mask_text(text: str | None) -> str | None:
    """Free text with ID numbers and phone numbers masked (names in free text cannot be found reliably;
    the intake masks the names it recognises)."""
    if not text:
        return text
    out, pos = [], 0
    for ident in find_all(text):
        if ident.kind == "order_number":
            continue
        out.append(text[pos:ident.start])
        out.append(_masked(ident.kind, text[ident.start:ident.end]))
        pos = ident.end
    out.append(text[pos:])
    return "".join(out)
