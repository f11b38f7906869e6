"""The dialogue's intent classifier: logistic regression over character n-grams of the normalised text.

Chinese turns in this dialogue are short ("好的", "地址改为…", "转人工"); character 1-3-grams need no
segmenter, survive typos and traditional characters, and a linear model on them trains in seconds (DIET with
its transformer took most of ten minutes on two cores, for no better accuracy: bench/nlu_accuracy.py). The
model is stored as plain data (hotline.storage.linear_model), never pickled."""
from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from hotline.language.text import light
from hotline.storage.linear_model import LinearTextModel


def _prepare(text: str) -> str:
    return light(text or "")[:500]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CharIntentClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 10.0, "max_ngram": 3, "ranking_length": 10}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: LinearTextModel | None = None) -> None:
        self.config, self._storage, self._resource, self.model = config, model_storage, resource, model

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CharIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> CharIntentClassifier:
        try:
            with model_storage.read_from(resource) as folder:
                return cls(config, model_storage, resource, LinearTextModel.load(folder / "intents"))
        except ValueError:  # nothing was trained (no intent examples)
            return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if len({e.get(INTENT) for e in examples}) < 2:
            return self._resource
        pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, self.config["max_ngram"]), sublinear_tf=True),
            LogisticRegression(C=self.config["C"], max_iter=2000, class_weight="balanced"),
        ).fit([_prepare(e.get(TEXT)) for e in examples], [e.get(INTENT) for e in examples])
        self.model = LinearTextModel.from_pipeline(pipeline)
        with self._storage.write_to(self._resource) as folder:
            self.model.save(folder / "intents")
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            scores = self.model.decision_function(_prepare(text))
            # a multinomial logistic regression: the softmax of its scores is its probability
            e = np.exp(scores - scores.max())
            probs = e / e.sum()
            ranking = sorted(zip(self.model.classes, probs), key=lambda t: -t[1])[: self.config["ranking_length"]]
            message.set(INTENT, {"name": ranking[0][0], "confidence": float(ranking[0][1])}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": float(p)} for n, p in ranking],
                        add_to_output=True)
        return messages
