"""A statistical backstop for emergencies the rules do not word-match ("屋里全是烟，门把手烫手").

Emergency recall matters more than anything else in screening, and citizens describe emergencies in more
ways than patterns can list. A logistic regression over character n-grams of the normalised text, trained on
the hand-written screening cases (emergencies against everything else) and the ~4,000 ordinary requests of
data/category_examples/, scores every message the rules did not flag; above the policy's threshold the
message is an emergency, with the services that per-service models trained on the emergency cases name.

Inference is a dictionary walk over the message's n-grams (no scikit-learn at run time), so it keeps the
median screening time well under a millisecond; training takes a few seconds and is cached under var/ keyed
by the data's hash."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from hotline.paths import ROOT
from hotline.storage.modelcache import cached, fingerprint

SERVICES = ("110", "119", "120", "122")
CASES_DIR = ROOT / "data" / "screening_examples"
NLU_DIR = ROOT / "bot" / "data"
NLU_SCREENING = NLU_DIR / "nlu_screening.yml"
CATEGORY_DIR = ROOT / "data" / "category_examples"
VERSION = "3"


@dataclass
class EmergencyModel:
    # n-gram -> (idf, weight for "emergency", weights per service)
    grams: dict[str, tuple[float, float, tuple[float, ...]]]
    bias: float
    service_bias: tuple[float, ...]

    @staticmethod
    def _ngrams(text: str) -> Counter:
        c: Counter = Counter()
        for n in (1, 2, 3):
            for i in range(len(text) - n + 1):
                c[text[i:i + n]] += 1
        return c

    def score(self, normalised: str) -> tuple[float, dict[str, float]]:
        """P(emergency) and P(service | emergency) for a normalised text."""
        feats = []
        norm2 = 0.0
        for gram, tf in self._ngrams(normalised).items():
            entry = self.grams.get(gram)
            if entry is None:
                continue
            v = (1.0 + math.log(tf)) * entry[0]
            feats.append((v, entry))
            norm2 += v * v
        if not feats:
            return 0.0, dict.fromkeys(SERVICES, 0.0)
        norm = math.sqrt(norm2)
        z = self.bias + sum(v * e[1] for v, e in feats) / norm
        services = {}
        for k, s in enumerate(SERVICES):
            zs = self.service_bias[k] + sum(v * e[2][k] for v, e in feats) / norm
            services[s] = _sigmoid(zs)
        return _sigmoid(z), services


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


def training_data() -> tuple[list[str], list[int], list[str], list[list[str]]]:
    """(texts, is_emergency) for the detector and (texts, services) for the service models."""
    texts, labels, em_texts, em_services = [], [], [], []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            is_em = c["verdict"] == "emergency"
            texts.append(c["text"])
            labels.append(int(is_em))
            if is_em:
                em_texts.append(c["text"])
                em_services.append(list(c["services"]))
    for block in yaml.safe_load(NLU_SCREENING.read_text(encoding="utf-8")).get("nlu", []):
        if block.get("intent") == "screen_emergency":
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    texts.append(line.strip()[2:])
                    labels.append(1)
    # the dialogue's own ordinary messages (goodbyes, help requests, reports) are negatives too
    for path in sorted(NLU_DIR.glob("nlu*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block and not block["intent"].startswith("screen_"):
                for line in block["examples"].splitlines():
                    if line.strip().startswith("- "):
                        texts.append(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip()[2:]))
                        labels.append(0)
    for path in sorted(CATEGORY_DIR.glob("*.yml")):
        for ex in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("examples") or []:
            texts.append(str(ex.get("text", "")))
            labels.append(0)
    return texts, labels, em_texts, em_services


def train(normalise: Callable[[str], str]) -> EmergencyModel:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels, em_texts, em_services = training_data()
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, lowercase=False)
    x = vec.fit_transform([normalise(t) for t in texts])
    detector = LogisticRegression(C=4, class_weight="balanced", max_iter=3000).fit(x, labels)
    xe = vec.transform([normalise(t) for t in em_texts])
    service_coefs, service_bias = [], []
    for s in SERVICES:
        y = [int(s in services) for services in em_services]
        m = LogisticRegression(C=4, class_weight="balanced", max_iter=3000).fit(xe, y)
        service_coefs.append(m.coef_[0])
        service_bias.append(float(m.intercept_[0]))
    idf = vec.idf_
    coef = detector.coef_[0]
    sc = np.vstack(service_coefs)
    grams = {g: (float(idf[i]), float(coef[i]), tuple(float(w) for w in sc[:, i]))
             for g, i in vec.vocabulary_.items()}
    return EmergencyModel(grams, float(detector.intercept_[0]), tuple(service_bias))


def _save(model: EmergencyModel, folder: Path) -> None:
    data = {"bias": model.bias, "service_bias": list(model.service_bias),
            "grams": {g: [idf, w, list(ws)] for g, (idf, w, ws) in model.grams.items()}}
    (folder / "model.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _load(folder: Path) -> EmergencyModel:
    data = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    grams = {g: (float(idf), float(w), tuple(float(x) for x in ws)) for g, (idf, w, ws) in data["grams"].items()}
    return EmergencyModel(grams, float(data["bias"]), tuple(float(b) for b in data["service_bias"]))


def load_or_train(normalise: Callable[[str], str], policy_fingerprint: str) -> EmergencyModel:
    paths = sorted(CASES_DIR.glob("*.yml")) + sorted(CATEGORY_DIR.glob("*.yml")) + sorted(NLU_DIR.glob("nlu*.yml"))
    return cached("emergency", fingerprint(VERSION, paths, policy_fingerprint), lambda: train(normalise),
                  _save, _load)
