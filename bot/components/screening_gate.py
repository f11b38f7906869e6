"""The screening gate as an NLU component: it runs after DIET and before the FallbackClassifier, and
where hotline.screening decides (emergency, statutory route, abuse, no substance) it overrides the intent
with certainty, so no classifier downstream can send such a message into the intake form."""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from hotline.screening.screener import Screener

SCREEN_INTENTS = {
    "emergency": "screen_emergency",
    "legal_route": "screen_legal_route",
    "abusive": "screen_abusive",
    "no_substance": "screen_no_substance",
}
# short answers inside a dialogue ("嗯", "ok") are not empty messages
ANSWER_INTENTS = {"affirm", "deny"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ScreeningGate(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"keep_answer_confidence": 0.6}

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.screener = Screener()  # loads and validates the policy files: a bad file stops start-up

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ScreeningGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._gate(message)
        return messages

    def _gate(self, message: Message) -> None:
        text: str | None = message.get(TEXT)
        if text is None:
            return
        s = self.screener.screen(text)
        intent = message.get(INTENT) or {}
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or [])]
        message.set("screening", {"verdict": s.verdict, "services": list(s.services), "route": s.route,
                                  "civility": s.civility}, add_to_output=True)
        if s.verdict == "accept":
            if intent.get("name") in SCREEN_INTENTS.values():
                # DIET guessed a screening intent the rules do not confirm: take its best other guess
                others = [r for r in ranking if r.get("name") not in SCREEN_INTENTS.values()]
                if others:
                    message.set(INTENT, {"name": others[0]["name"], "confidence": others[0]["confidence"]},
                                add_to_output=True)
                    message.set(INTENT_RANKING_KEY, others, add_to_output=True)
            return
        if (s.verdict == "no_substance" and intent.get("name") in ANSWER_INTENTS
                and (intent.get("confidence") or 0) >= self.config["keep_answer_confidence"]):
            return
        name = SCREEN_INTENTS[s.verdict]
        message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
        # the others keep their order but lose their confidence, or the FallbackClassifier would see two
        # near-certain intents and call the message ambiguous
        message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}]
                    + [{**r, "confidence": 0.0} for r in ranking if r.get("name") != name], add_to_output=True)
