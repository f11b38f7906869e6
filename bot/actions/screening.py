"""The dialogue's side of the screening gate: tell the citizen, record, hand over, block, close."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import channel_of, gatekeeper, latest_text
from hotline.screening import screen

log = logging.getLogger(__name__)


class ActionScreening(Action):
    def name(self) -> str:
        return "action_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker)
        try:
            outcome = gatekeeper().handle(tracker.sender_id, channel_of(tracker), text,
                                          location=tracker.get_slot("location"))
        except Exception:
            # a store is down: the citizen still gets the notice at once (an emergency above all)
            log.exception("screening records or Redis unavailable; notice given without them")
            s = screen(text)
            if s.notice:
                dispatcher.utter_message(text=s.notice)
            return []
        for text in outcome.messages:
            dispatcher.utter_message(text=text)
        if outcome.screening.verdict == "accept" and not outcome.messages:
            # "好的" with nothing pending: not empty, but nothing to act on either
            dispatcher.utter_message(text="好的。请问还有什么需要反映或咨询的吗？")
        if outcome.close_session or outcome.blocked:
            # the conversation ends here: nothing of an unfinished intake is kept
            return [FollowupAction("action_restart")]
        return []
