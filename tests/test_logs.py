"""Personal data never reaches a log handler."""
from __future__ import annotations

import io
import logging

from hotline.logs import PersonalDataFilter


def test_phone_and_id_numbers_are_masked_in_messages_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("test.pii")
    logger.addHandler(handler)
    try:
        logger.error("citizen said: %s", "我的电话13812345678，身份证410105194912310020")
        try:
            raise ValueError("body: 联系电话0371-65501234")
        except ValueError:
            logger.exception("action failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "13812345678" not in out and "410105194912310020" not in out and "65501234" not in out
    assert "138****5678" in out and "ValueError" in out
