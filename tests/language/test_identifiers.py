"""Phone numbers, landlines, ID numbers and order numbers are told apart in one place."""
from __future__ import annotations

import pytest

from hotline.language.identifiers import find_all, normalise_phone, valid_id_number
from hotline.privacy import mask_text

# a valid ID number (checksum and birth date) made up for the tests
ID = "410105194912310020"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(i.kind, i.value) for i in find_all(text)]


def test_an_id_number_is_never_a_phone():
    assert kinds(f"我的身份证号是{ID}，电话13812345678") == [("id_number", ID), ("mobile", "13812345678")]


def test_an_invalid_18_digit_number_is_not_an_id_number():
    assert not valid_id_number("410105194912310021")  # wrong check digit
    assert all(k != "id_number" for k, _ in kinds("编号410105194912310021"))


@pytest.mark.parametrize("written, value", [
    ("0379-65501234", "0379-65501234"), ("0379-6550-1234", "0379-65501234"), ("(0371)65501234", "0371-65501234"),
    ("037165501234", "0371-65501234"), ("0371-65501234转808", "0371-65501234-808"), ("138 1234 5678", "13812345678"),
    ("+86 138-1234-5678", "13812345678"), ("１３８１２３４５６７８", "13812345678"),
])
def test_phone_spellings_are_normalised(written, value):
    assert normalise_phone(written) == value


@pytest.mark.parametrize("text", ["12345", "1381234567", "138123456789", "金水区12号楼", ID])
def test_what_is_not_a_phone(text):
    assert normalise_phone(text) is None


def test_an_order_number_is_neither():
    assert kinds("查询工单HN20261127000123") == [("order_number", "HN20261127000123")]


def test_masking_uses_the_same_finder():
    masked = mask_text(f"王先生{ID}，手机13812345678，座机0371-65501234，工单HN20261127000123")
    assert ID not in masked and "13812345678" not in masked and "65501234" not in masked
    assert "410105********0020" in masked and "138****5678" in masked and "HN20261127000123" in masked
