"""The screening gate as an NLU component: it runs after DIET and before the FallbackClassifier, and
where hotline.screening decides (emergency, statutory route, abuse, no substance) it overrides the intent
with certainty, so no classifier downstream can send such a message into the intake form.

An accepted message that states a matter is a request whatever DIET says ("inform", "greet" or a fallback
for a long letter): its intent becomes the request type the hotline's own model predicts for the whole
text, so the dialogue opens an intake with it as the description."""
from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from hotline.intake.opening import is_matter
from hotline.intake.request_type import default_request_types
from hotline.screening.screener import Screener, Screening

SCREEN_INTENTS = {
    "emergency": "screen_emergency",
    "legal_route": "screen_legal_route",
    "abusive": "screen_abusive",
    "no_substance": "screen_no_substance",
}
# short answers inside a dialogue ("嗯", "ok") are not empty messages
ANSWER_INTENTS = {"affirm", "deny"}
# intents a message that states a matter keeps, when its words bear them out (a long letter is not a status
# query because the classifier thought so)
KEEP_INTENTS = {
    "affirm": None, "deny": None,
    "cancel": re.compile(r"取消|不登记|不办了|不用登记|算了"),
    "check_status": re.compile(r"[A-Za-z]{2}\s?\d{14}|工单|进度|办理情况|办理结果|处理结果|查询|查一下|查查"),
    "request_human": re.compile(r"人工|客服|真人|转接"),
    "evaluate": re.compile(r"评价|满意|打分"),
    "add_information": re.compile(r"补充|追加|新的?证据|新的?情况|新材料"),
}
TYPE_INTENTS = {"complaint": "complain", "help": "seek_help", "consultation": "consult", "suggestion": "suggest",
                "report": "report", "praise": "praise"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ScreeningGate(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"keep_answer_confidence": 0.6}

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.screener = Screener()  # loads and validates the policy files: a bad file stops start-up
        self.request_types = default_request_types()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ScreeningGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._gate(message)
        return messages

    def _screening(self, message: Message, text: str) -> Screening:
        """The channel's screening of this very text when it sent one along (screened once per turn), else ours."""
        metadata = message.get("metadata") or {}
        carried = metadata.get("hotline_screening") if isinstance(metadata, dict) else None
        if isinstance(carried, dict) and metadata.get("hotline_screened_text") == text:
            try:
                return Screening.from_dict(carried)
            except ValueError:
                pass
        return self.screener.screen(text)

    def _gate(self, message: Message) -> None:
        text: str | None = message.get(TEXT)
        if text is None:
            return
        s = self._screening(message, text)
        intent = message.get(INTENT) or {}
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or [])]
        message.set("screening", s.as_dict(), add_to_output=True)
        if s.verdict == "emergency":
            # the numbers to call, for the domain's static emergency response (shown even when the action
            # server cannot be reached)
            entities = message.get(ENTITIES, []) or []
            message.set(ENTITIES, entities + [{"entity": "emergency_services", "value": "、".join(s.services),
                                               "start": 0, "end": len(text), "extractor": "ScreeningGate"}],
                        add_to_output=True)
        if s.verdict == "accept":
            if intent.get("name") in SCREEN_INTENTS.values():
                # DIET guessed a screening intent the rules do not confirm: take its best other guess
                ranking = [r for r in ranking if r.get("name") not in SCREEN_INTENTS.values()]
                if ranking:
                    intent = {"name": ranking[0]["name"], "confidence": ranking[0]["confidence"]}
                    message.set(INTENT, intent, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            name = intent.get("name")
            keeps = name in KEEP_INTENTS and (KEEP_INTENTS[name] is None or KEEP_INTENTS[name].search(text))
            if not text.startswith("/") and not keeps and is_matter(text):
                name = TYPE_INTENTS[self.request_types.best(text).request_type]
                message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}]
                            + [{**r, "confidence": 0.0} for r in ranking if r.get("name") != name], add_to_output=True)
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
