"""Predicting a request's category from the citizen's own words.

A linear model over character n-grams, trained from the examples in data/category_examples/ and the
taxonomy's own names. Character n-grams need no segmenter, survive typos and traditional characters (the
text is normalised first), and train in seconds, so the model is rebuilt whenever the data changes and
cached under var/ keyed by the data's hash."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from hotline.language.text import light
from hotline.paths import ROOT
from hotline.storage.linear_model import LinearTextModel
from hotline.storage.modelcache import cached, fingerprint
from hotline.workorders.taxonomy import Category, Taxonomy, taxonomy

EXAMPLES_DIR = ROOT / "data" / "category_examples"
MODEL_VERSION = "5"  # bump when the features or the model change


@dataclass(frozen=True)
class CategoryGuess:
    category: Category
    confidence: float

    @property
    def path(self) -> str:
        return self.category.path


def load_examples(directory: Path = EXAMPLES_DIR, tax: Taxonomy | None = None) -> list[tuple[str, str]]:
    """(text, category path) pairs; a category not in the taxonomy is an error naming file and text."""
    tax = tax or taxonomy()
    pairs = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for i, ex in enumerate(data.get("examples") or []):
            cat, text = str(ex.get("category", "")), str(ex.get("text", "")).strip()
            if cat not in tax:
                raise ValueError(f"{path.name}: examples[{i}]: unknown category {cat!r}")
            if text:
                pairs.append((text, tax.get(cat).path))
    return pairs


def _prepare(text: str) -> str:
    return light(text or "")[:2000]


class CategoryClassifier:
    """Level 1 first, over all examples; then the leaf, by a small model per level-1 class."""

    def __init__(self, level1_model: LinearTextModel, leaf_models: dict[str, LinearTextModel | str], tax: Taxonomy):
        self.level1_model = level1_model
        self.leaf_models = leaf_models  # level1 -> a model over leaf paths, or the single leaf path
        self.tax = tax

    @classmethod
    def train(cls, pairs: list[tuple[str, str]], tax: Taxonomy | None = None) -> CategoryClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC

        tax = tax or taxonomy()
        texts = [_prepare(t) for t, _ in pairs]
        paths = [p for _, p in pairs]
        # the taxonomy's own names are weak examples, so a leaf without hand-written examples is reachable
        for c in tax.categories:
            texts.append(_prepare(f"{c.level2} {c.level3}"))
            paths.append(c.path)

        # a linear SVM on character 1-3-grams: as accurate as logistic regression here and 40 times faster
        # to train (bench/category_accuracy.py)
        level1 = make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
            LinearSVC(C=0.5),
        ).fit(texts, [p.split("/")[0] for p in paths])
        leaf_models: dict[str, LinearTextModel | str] = {}
        for name in tax.level1:
            idx = [i for i, p in enumerate(paths) if p.startswith(name + "/")]
            labels = [paths[i] for i in idx]
            if len(set(labels)) < 2:
                leaf_models[name] = labels[0]
                continue
            leaf_models[name] = LinearTextModel.from_pipeline(make_pipeline(
                TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                LinearSVC(C=1.0),
            ).fit([texts[i] for i in idx], labels))
        return cls(LinearTextModel.from_pipeline(level1), leaf_models, tax)

    def _leaf(self, level1: str, x: str) -> Category:
        model = self.leaf_models[level1]
        path = model if isinstance(model, str) else model.predict(x)
        return self.tax.get(path)

    def predict(self, text: str, k: int = 3) -> list[CategoryGuess]:
        """The k most likely level-1 classes, each with its most likely leaf, best first."""
        x = _prepare(text)
        scores = self.level1_model.decision_function(x)
        # a softmax over the margins ranks the classes and gives a rough confidence for display
        e = np.exp((scores - scores.max()) * 3.0)
        p1 = e / e.sum()
        ranked = sorted(zip(self.level1_model.classes, p1), key=lambda t: -t[1])[:k]
        return [CategoryGuess(self._leaf(level1, x), float(prob)) for level1, prob in ranked]

    def leaf_for(self, text: str, level1: str) -> Category:
        """The most likely leaf within a level-1 class the citizen chose."""
        return self._leaf(level1, _prepare(text))

    def best(self, text: str) -> CategoryGuess:
        return self.predict(text, k=1)[0]

    # -- the cache: plain data only
    def save(self, folder: Path) -> None:
        self.level1_model.save(folder / "level1")
        index = {}
        for i, (level1, model) in enumerate(sorted(self.leaf_models.items())):
            if isinstance(model, str):
                index[level1] = {"path": model}
            else:
                model.save(folder / f"leaf-{i}")
                index[level1] = {"model": f"leaf-{i}"}
        (folder / "leaves.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> CategoryClassifier:
        index = json.loads((folder / "leaves.json").read_text(encoding="utf-8"))
        leaves: dict[str, LinearTextModel | str] = {
            level1: entry["path"] if "path" in entry else LinearTextModel.load(folder / entry["model"])
            for level1, entry in index.items()}
        return cls(LinearTextModel.load(folder / "level1"), leaves, taxonomy())


@lru_cache(maxsize=1)
def default_classifier() -> CategoryClassifier:
    """The classifier trained on the repository's data, from the cache when the data is unchanged."""
    key = fingerprint(MODEL_VERSION, sorted(EXAMPLES_DIR.glob("*.yml")) + [ROOT / "data" / "category_taxonomy.csv"])
    model = cached("category", key, lambda: CategoryClassifier.train(load_examples()),
                   lambda m, folder: m.save(folder), CategoryClassifier.load)
    model.tax = taxonomy()
    return model
