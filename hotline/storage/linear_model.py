"""A linear text model (character n-gram TF-IDF and a linear classifier) stored as plain data.

The hotline trains its small models (category, request type) with scikit-learn, then keeps only what
prediction needs, the vocabulary, the idf weights and the coefficients, as JSON and a NumPy file read with
allow_pickle=False. Nothing is ever unpickled from a writable folder: a tampered cache file can be wrong,
never code."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's analyzer="char" folds them


@dataclass
class LinearTextModel:
    ngram_range: tuple[int, int]
    lowercase: bool
    sublinear_tf: bool
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_classes, n_features), or (1, n_features) for two classes
    intercept: np.ndarray  # (n_classes,) or (1,)
    classes: list[str]

    @classmethod
    def from_pipeline(cls, pipeline) -> LinearTextModel:
        """From a fitted make_pipeline(TfidfVectorizer(analyzer="char", norm="l2"), linear classifier)."""
        vec, clf = pipeline.steps[0][1], pipeline.steps[-1][1]
        if vec.analyzer != "char" or vec.norm != "l2" or not vec.use_idf:
            raise ValueError("only character n-gram TF-IDF with l2 norm is supported")
        return cls(tuple(vec.ngram_range), bool(vec.lowercase), bool(vec.sublinear_tf),
                   {str(k): int(v) for k, v in vec.vocabulary_.items()}, np.asarray(vec.idf_, dtype=np.float64),
                   np.asarray(clf.coef_, dtype=np.float64), np.asarray(clf.intercept_, dtype=np.float64),
                   [str(c) for c in clf.classes_])

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        if self.lowercase:
            text = text.lower()
        text = _WHITE_SPACES.sub(" ", text)
        counts: Counter = Counter()
        lo, hi = self.ngram_range
        for n in range(lo, hi + 1):
            for i in range(len(text) - n + 1):
                j = self.vocabulary.get(text[i:i + n])
                if j is not None:
                    counts[j] += 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64)
        tf = np.fromiter(((1.0 + math.log(c)) if self.sublinear_tf else float(c) for c in counts.values()),
                         dtype=np.float64)
        values = tf * self.idf[idx]
        norm = np.sqrt((values * values).sum())
        return idx, values / norm if norm else values

    def decision_function(self, text: str) -> np.ndarray:
        """One score per class (for two classes, one score: above zero is classes[1])."""
        idx, values = self._features(text)
        return self.coef[:, idx] @ values + self.intercept

    def scores(self, text: str) -> dict[str, float]:
        d = self.decision_function(text)
        if len(self.classes) == 2 and d.shape[0] == 1:
            return {self.classes[0]: float(-d[0]), self.classes[1]: float(d[0])}
        return {c: float(v) for c, v in zip(self.classes, d)}

    def predict(self, text: str) -> str:
        s = self.scores(text)
        return max(s, key=s.get)

    # -- plain-data files
    def save(self, path: Path) -> None:
        """`path`.json (vocabulary, classes, settings) and `path`.npz (the numbers)."""
        meta = {"ngram_range": list(self.ngram_range), "lowercase": self.lowercase,
                "sublinear_tf": self.sublinear_tf, "classes": self.classes, "vocabulary": self.vocabulary}
        path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        with open(path.with_suffix(".npz"), "wb") as f:
            np.savez(f, idf=self.idf, coef=self.coef, intercept=self.intercept)

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as arrays:
            idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
        if coef.shape[1] != len(meta["vocabulary"]) or idf.shape[0] != coef.shape[1]:
            raise ValueError(f"{path}: the stored arrays do not match the vocabulary")
        return cls(tuple(meta["ngram_range"]), bool(meta["lowercase"]), bool(meta["sublinear_tf"]),
                   {str(k): int(v) for k, v in meta["vocabulary"].items()}, idf, coef, intercept,
                   [str(c) for c in meta["classes"]])
