"""The small models are stored as plain data and predict exactly what scikit-learn predicted."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from hotline.storage.linear_model import LinearTextModel
from hotline.storage.modelcache import cached

TEXTS = ["路灯坏了好几天", "小区门口路灯不亮", "楼上装修噪音很大", "半夜施工  太吵了", "工资被拖欠三个月",
         "老板欠薪不给", "Ａ市地铁站 电梯坏了", "咨询社保怎么交"]
LABELS = ["城建", "城建", "环境", "环境", "劳动", "劳动", "城建", "劳动"]


def _pipeline(labels):
    return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                         LinearSVC(C=0.5)).fit(TEXTS, labels)


def test_scores_equal_scikit_learns(tmp_path):
    pipe = _pipeline(LABELS)
    model = LinearTextModel.from_pipeline(pipe)
    model.save(tmp_path / "m")
    loaded = LinearTextModel.load(tmp_path / "m")
    for text in TEXTS + ["路灯又坏了", "完全没见过的字", ""]:
        np.testing.assert_allclose(loaded.decision_function(text), pipe.decision_function([text])[0], atol=1e-9)
        assert loaded.predict(text) == pipe.predict([text])[0]


def test_two_classes(tmp_path):
    labels = ["甲" if lab == "城建" else "乙" for lab in LABELS]
    pipe = _pipeline(labels)
    model = LinearTextModel.from_pipeline(pipe)
    for text in TEXTS:
        assert model.predict(text) == pipe.predict([text])[0]


def test_the_cache_holds_no_pickles_and_rebuilds_what_it_cannot_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_VAR_DIR", str(tmp_path))
    built = []

    def build():
        built.append(1)
        return LinearTextModel.from_pipeline(_pipeline(LABELS))

    def save(m, folder):
        m.save(folder / "m")

    def load(folder):
        return LinearTextModel.load(folder / "m")

    first = cached("t", "k1", build, save, load)
    second = cached("t", "k1", build, save, load)
    assert len(built) == 1 and second.classes == first.classes
    files = sorted(p.name for p in (tmp_path / "cache" / "t-k1").iterdir())
    assert files == ["m.json", "m.npz"]
    (tmp_path / "cache" / "t-k1" / "m.npz").write_bytes(b"not numpy")  # tampered: rebuilt, not trusted
    cached("t", "k1", build, save, load)
    assert len(built) == 2
