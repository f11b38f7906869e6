"""Personal data out of the logs: every record that reaches a handler has phone and ID numbers masked,
exceptions included (rasa_sdk logs the request body of a failed action, with the citizen's words)."""
from __future__ import annotations

import logging
import traceback

from hotline.privacy import mask_text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log it as it is
            return True
        record.msg, record.args = mask_text(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        record.exc_info = None if record.exc_text else record.exc_info
        return True


_FILTER = PersonalDataFilter()


def protect_logs() -> None:
    """Adds the filter to every handler configured so far (call it after the framework set up logging)."""
    loggers = [logging.getLogger()] + [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
