"""What the actions share: the hotline core's services, created once per action-server process."""
from __future__ import annotations

from functools import lru_cache

from rasa_sdk import Tracker

from hotline.classifier import CategoryClassifier, default_classifier
from hotline.gatekeeper import Gatekeeper
from hotline.workorders import WorkOrders

REQUEST_INTENTS = {
    "complain": "complaint",
    "seek_help": "help",
    "consult": "consultation",
    "suggest": "suggestion",
    "report": "report",
    "praise": "praise",
}


@lru_cache(maxsize=1)
def work_orders() -> WorkOrders:
    return WorkOrders()


@lru_cache(maxsize=1)
def gatekeeper() -> Gatekeeper:
    return Gatekeeper()


def classifier() -> CategoryClassifier:
    return default_classifier()


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "rest"


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
