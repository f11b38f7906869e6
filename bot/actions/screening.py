"""The dialogue's side of the screening gate: tell the citizen, record, hand over, block, close."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import act_on_screening, latest_text, screening_of


class ActionScreening(Action):
    def name(self) -> str:
        return "action_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker)
        s = screening_of(tracker)
        if (s.verdict == "no_substance" and tracker.active_loop_name == "intake_form"
                and tracker.get_slot("requested_slot") == "phone" and "digits" in s.reasons):
            # "12345" for a phone number is a wrong number, not an empty message
            dispatcher.utter_message(response="utter_invalid_phone")
            return []
        outcome = await act_on_screening(dispatcher, tracker, text, s)
        if outcome is None:
            # a store is down: the citizen still gets the notice (an emergency's call to action was already
            # shown by the domain's static response, which needs no action server)
            if s.verdict != "emergency" and s.notice:
                dispatcher.utter_message(text=s.notice)
            return []
        if outcome.screening.verdict == "accept" and not outcome.messages:
            # "好的" with nothing pending: not empty, but nothing to act on either
            dispatcher.utter_message(text="好的。请问还有什么需要反映或咨询的吗？")
        if outcome.close_session or outcome.blocked:
            # the conversation ends here: nothing of an unfinished intake is kept
            return [FollowupAction("action_restart")]
        return []
