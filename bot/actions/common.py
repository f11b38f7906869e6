"""What the actions share: the hotline core's services, created once per action-server process."""
from __future__ import annotations

import asyncio
import logging
from functools import lru_cache

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from hotline.intake.category import CategoryClassifier, default_classifier
from hotline.screening.gatekeeper import Gatekeeper, Outcome
from hotline.screening.screener import Screener, Screening, default_screener
from hotline.workorders.citizen import CitizenSide
from hotline.workorders.history import HistoryRules
from hotline.workorders.orders import WorkOrders

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def work_orders() -> WorkOrders:
    return WorkOrders()


@lru_cache(maxsize=1)
def gatekeeper() -> Gatekeeper:
    return Gatekeeper()


def screener() -> Screener:
    return default_screener()


def classifier() -> CategoryClassifier:
    return default_classifier()


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "rest"


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def screening_of(tracker: Tracker) -> Screening:
    """The screening of the latest message, as the NLU gate (or the channel before it) made it: a message is
    screened once per turn. Screened here only when it came without one (a button payload, an old model)."""
    data = (tracker.latest_message or {}).get("screening")
    if isinstance(data, dict):
        try:
            return Screening.from_dict(data)
        except ValueError:
            pass
    return screener().screen(latest_text(tracker))


def handed_over(tracker: Tracker) -> bool:
    """Did the channel hand this emergency over already (before the dialogue ran)?"""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return bool(isinstance(metadata, dict) and metadata.get("hotline_handed_over"))


async def act_on_screening(dispatcher: CollectingDispatcher, tracker: Tracker, text: str,
                           screening: Screening | None = None) -> Outcome | None:
    """Lets the gatekeeper record, count, hand over and block for this message (in a worker thread: its Redis
    and SQL calls must not block the action server's event loop), and tells the citizen what it says. None
    when Redis or SQL cannot be reached: the caller decides how to go on without them."""
    try:
        outcome = await asyncio.to_thread(
            gatekeeper().handle, tracker.sender_id, channel_of(tracker), text, screening=screening,
            location=tracker.get_slot("location"), handed_over=handed_over(tracker))
    except Exception as e:
        log.error("gatekeeper unavailable (Redis or SQL): %s", type(e).__name__)
        return None
    for message in outcome.messages:
        dispatcher.utter_message(text=message)
    return outcome


@lru_cache(maxsize=1)
def history_rules() -> HistoryRules:
    return HistoryRules(work_orders())


@lru_cache(maxsize=1)
def citizen_side() -> CitizenSide:
    return CitizenSide(work_orders())


def actor_of(tracker: Tracker) -> str:
    """Who acts on an order from the chat, as its history names them."""
    return f"{channel_of(tracker)}:{tracker.sender_id}"
