"""Rasa 3.6 validates every action server response with `jsonschema.validate`, which checks the large,
constant event schema itself, then walks every event through a oneOf of forty event schemas: under load that
was more than half of the Rasa process's time (py-spy during bench/load.py). The response comes from our own
action server; its shape is checked here by hand (an object with a list of events, each an object naming a
known event type, and a list of responses), which is what the dialogue relies on."""
from __future__ import annotations

from typing import Any


def _validate_action_result(self, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.core.events import Event

    if not isinstance(result, dict):
        raise ValidationError("the action server's response is not an object")
    events, responses = result.get("events", []), result.get("responses", [])
    if not isinstance(events, list) or not isinstance(responses, list):
        raise ValidationError("the action server's 'events' and 'responses' must be lists")
    for e in events:
        try:
            known = isinstance(e, dict) and isinstance(e.get("event"), str) and Event.resolve_by_type(e["event"])
        except ValueError:
            known = False
        if not known:
            raise ValidationError(f"the action server returned an unknown event: {str(e)[:200]}")
    if not all(isinstance(r, dict) for r in responses):
        raise ValidationError("the action server's responses must be objects")
    return True


def apply() -> None:
    from rasa.core.actions.action import RemoteAction

    if RemoteAction._validate_action_result is not _validate_action_result:
        RemoteAction._validate_action_result = _validate_action_result
