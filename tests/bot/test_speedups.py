"""The lighter check of the action server's responses still refuses what the dialogue cannot use."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError

from bot.speedups import _validate_action_result


def test_a_valid_response_passes():
    assert _validate_action_result(None, {"events": [{"event": "slot", "name": "x", "value": 1}],
                                          "responses": [{"text": "好的"}]})


@pytest.mark.parametrize("bad", [[], {"events": "x"}, {"events": [{"event": "nonsense"}]}, {"events": [42]},
                                 {"events": [], "responses": ["text"]}])
def test_a_malformed_response_is_refused(bad):
    with pytest.raises(ValidationError):
        _validate_action_result(None, bad)
