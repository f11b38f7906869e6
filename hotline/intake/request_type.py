"""The request type (诉求类型) of a citizen's message: 投诉 complaint, 求助 help, 咨询 consultation,
建议 suggestion, 举报 report, 表扬 praise.

Predicted from the text (the intent classifier of the dialogue sees short turns; this model is trained for
whole requests, letters included) and confirmed with the citizen. A linear model over character n-grams of
the title and the opening of the message, trained from data/request_type_examples/ and the dialogue's own
request examples, cached by the data's hash."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from hotline.language.discourse import Message
from hotline.language.text import light
from hotline.paths import ROOT
from hotline.storage.linear_model import LinearTextModel
from hotline.storage.modelcache import cached, fingerprint
from hotline.workorders.record import REQUEST_TYPES

EXAMPLES_DIR = ROOT / "data" / "request_type_examples"
NLU_DIR = ROOT / "bot" / "data"
INTENT_TYPES = {"complain": "complaint", "seek_help": "help", "consult": "consultation", "suggest": "suggestion",
                "report": "report", "praise": "praise"}
MODEL_VERSION = "3"
PRAISE_MIN_CONFIDENCE = 0.6
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


@dataclass(frozen=True)
class TypeGuess:
    request_type: str
    confidence: float


# what every letter says, whatever it asks: salutations and courtesy are not praise ("感谢您百忙之中…")
_COURTESY = re.compile(
    r"^\s*(尊敬的|敬爱的)?[^，。：:！!\n]{0,12}(领导|书记|市长|县长|区长|局长|主任|同志|政府|部门)(们)?[：:，,！!]?\s*(您好|你好|您们好|你们好)?[！!，,。]?"
    r"|(您|你们?)好[！!，,。]"
    r"|(感谢|谢谢)(您|你们|领导|各位领导)?(在)?(百忙之中|百忙中|的关注|的关心|的帮助|的支持|的回复|阅读|查看|抽空)[^。！!]{0,20}[。！!]?"
    r"|(此致|敬礼|盼复|望回复|期待回复|望早日回复|辛苦了|非常感谢|万分感谢|谢谢|感谢)[！!。\s]*$")
# a title that opens with the type names it
_TITLE_TYPES = [(re.compile(r"^(关于)?[^，。]{0,10}?(咨询|询问|请问)"), "consultation"),
                (re.compile(r"^(关于)?[^，。]{0,6}?建议|建议$|的建议"), "suggestion"),
                (re.compile(r"^(实名)?举报"), "report"), (re.compile(r"^(关于)?[^，。]{0,4}?投诉"), "complaint"),
                (re.compile(r"^(表扬|点赞|致谢|感谢信|感谢)"), "praise"), (re.compile(r"^(紧急)?求助"), "help")]


def _strip_courtesy(text: str) -> str:
    for _ in range(3):
        stripped = _COURTESY.sub("", text).strip()
        if stripped == text:
            break
        text = stripped
    return text


def _prepare(text: str) -> str:
    """The title counts twice (it states the matter), then the opening of the body, without courtesy."""
    m = Message(text or "")
    head = f"{m.title} {m.title} " if m.title else ""
    return light(head + _strip_courtesy(m.body)[:400])


def title_type(text: str) -> str | None:
    """The type a message-board title names in its first words ("咨询…", "建议…", "举报…")."""
    title = Message(text or "").title
    if not title:
        return None
    return next((kind for pattern, kind in _TITLE_TYPES if pattern.search(title)), None)


def load_examples() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for path in sorted(EXAMPLES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for i, ex in enumerate(data.get("examples") or []):
            kind, text = str(ex.get("type", "")), str(ex.get("text", "")).strip()
            if kind not in REQUEST_TYPES:
                raise ValueError(f"{path.name}: examples[{i}]: unknown request type {kind!r}")
            if text:
                pairs.append((text, kind))
    for path in sorted(NLU_DIR.glob("nlu*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            kind = INTENT_TYPES.get(block.get("intent", ""))
            if kind:
                for line in block["examples"].splitlines():
                    if line.strip().startswith("- "):
                        pairs.append((_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line.strip()[2:]), kind))
    return pairs


class RequestTypeClassifier:
    def __init__(self, model: LinearTextModel):
        self.model = model

    @classmethod
    def train(cls, pairs: list[tuple[str, str]]) -> RequestTypeClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC

        model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                              LinearSVC(C=0.5, class_weight="balanced"))
        model.fit([_prepare(t) for t, _ in pairs], [k for _, k in pairs])
        return cls(LinearTextModel.from_pipeline(model))

    def predict(self, text: str) -> list[TypeGuess]:
        """Every type, most likely first, with a rough confidence (a softmax over the margins)."""
        scores = self.model.decision_function(_prepare(text))
        e = np.exp((scores - scores.max()) * 3.0)
        p = e / e.sum()
        return [TypeGuess(str(k), float(v)) for k, v in sorted(zip(self.model.classes, p), key=lambda t: -t[1])]

    def best(self, text: str) -> TypeGuess:
        named = title_type(text)
        if named:
            return TypeGuess(named, 1.0)
        ranked = self.predict(text)
        # praise is rare and a complaint letter is full of courtesy: praise only when the model is sure
        if ranked[0].request_type == "praise" and ranked[0].confidence < PRAISE_MIN_CONFIDENCE:
            return ranked[1]
        return ranked[0]


@lru_cache(maxsize=1)
def default_request_types() -> RequestTypeClassifier:
    paths: list[Path] = sorted(EXAMPLES_DIR.glob("*.yml")) + sorted(NLU_DIR.glob("nlu*.yml"))
    return cached("request-type", fingerprint(MODEL_VERSION, paths),
                  lambda: RequestTypeClassifier.train(load_examples()),
                  lambda m, folder: m.model.save(folder / "model"),
                  lambda folder: RequestTypeClassifier(LinearTextModel.load(folder / "model")))
