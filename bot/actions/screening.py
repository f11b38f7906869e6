"""The dialogue's side of the screening gate: tell the citizen, record, hand over, block, close."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import act_on_screening, latest_text
from hotline.screening.screener import screen


class ActionScreening(Action):
    def name(self) -> str:
        return "action_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        text = latest_text(tracker)
        outcome = act_on_screening(dispatcher, tracker, text)
        if outcome is None:
            # a store is down: the citizen still gets the notice at once (an emergency above all)
            s = screen(text)
            if s.notice:
                dispatcher.utter_message(text=s.notice)
            return []
        if outcome.screening.verdict == "accept" and not outcome.messages:
            # "好的" with nothing pending: not empty, but nothing to act on either
            dispatcher.utter_message(text="好的。请问还有什么需要反映或咨询的吗？")
        if outcome.close_session or outcome.blocked:
            # the conversation ends here: nothing of an unfinished intake is kept
            return [FollowupAction("action_restart")]
        return []
