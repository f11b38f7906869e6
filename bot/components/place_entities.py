"""Henan place names as `location` entities, found by a spaCy EntityRuler over jieba tokens.

DIET learns where a citizen says a place; this component knows every city, county and development zone of
the province (hotline/policy/regions.yml) whether or not the training data ever mentioned it. Where DIET
found no location, a place name found here becomes one, extended over the address that follows it
("金水区" + "花园路街道农业路12号")."""
from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from hotline.language.places import gazetteer

# what may follow a place name and still be the same address
_ADDRESS_TAIL = re.compile(r"[\u4e00-\u9fff\dA-Za-z\-#]{0,24}?(?:路|街|道|号|小区|村|镇|乡|巷|大道|广场|楼|栋|单元|门|院|口|厂|站|园|苑|城|湾)")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PlaceEntityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"entity": "location"}

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy", "jieba"]

    def __init__(self, config: dict[str, Any]) -> None:
        from spacy.lang.zh import Chinese

        self.config = config
        # a blank Chinese pipeline with jieba: nothing is downloaded
        self.nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        ruler = self.nlp.add_pipe("entity_ruler")
        names = sorted(gazetteer().names)
        ruler.add_patterns([{"label": config["entity"], "pattern": n} for n in names])

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PlaceEntityExtractor:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            entities = message.get(ENTITIES, [])
            if any(e.get("entity") == self.config["entity"] for e in entities):
                continue
            found = self.places(text)
            if found:
                message.set(ENTITIES, entities + self.add_extractor_name(found), add_to_output=True)
        return messages

    def places(self, text: str) -> list[dict[str, Any]]:
        """One entity per run of adjacent place names, extended over the address that follows."""
        ents = sorted((e.start_char, e.end_char) for e in self.nlp(text[:2000]).ents)
        spans: list[list[int]] = []
        for start, end in ents:
            if spans and start - spans[-1][1] <= 1:
                spans[-1][1] = end
            else:
                spans.append([start, end])
        out = []
        for start, end in spans:
            tail = _ADDRESS_TAIL.match(text, end)
            if tail:
                # keep extending while the next piece is still part of the address
                while True:
                    more = _ADDRESS_TAIL.match(text, tail.end())
                    if not more or more.end() == tail.end():
                        break
                    tail = more
                end = tail.end()
            out.append({"entity": self.config["entity"], "start": start, "end": end, "value": text[start:end],
                        "confidence_entity": 1.0})
        return out
