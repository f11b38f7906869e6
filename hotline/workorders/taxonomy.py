"""The three-level request category taxonomy (data/category_taxonomy.csv)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hotline.paths import ROOT

TAXONOMY_CSV = ROOT / "data" / "category_taxonomy.csv"


@dataclass(frozen=True)
class Category:
    level1: str
    level2: str
    level3: str

    @property
    def path(self) -> str:
        return f"{self.level1}/{self.level2}/{self.level3}"

    @property
    def label(self) -> str:
        """How a citizen or a dispatcher reads it."""
        return f"{self.level1} > {self.level2} > {self.level3}"


class Taxonomy:
    def __init__(self, categories: list[Category]):
        self.categories = categories
        self._by_path = {c.path: c for c in categories}
        self.level1 = sorted({c.level1 for c in categories})

    @classmethod
    def load(cls, path: Path = TAXONOMY_CSV) -> Taxonomy:
        with open(path, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        cats = []
        for i, row in enumerate(rows, start=2):
            values = [(row.get(k) or "").strip() for k in ("level1", "level2", "level3")]
            if not all(values):
                raise ValueError(f"{path}:{i}: every row needs level1, level2 and level3")
            cats.append(Category(*values))
        return cls(cats)

    def get(self, path: str) -> Category | None:
        return self._by_path.get(path.strip().replace(" > ", "/"))

    def __contains__(self, path: str) -> bool:
        return self.get(path) is not None

    def under(self, level1: str) -> list[Category]:
        return [c for c in self.categories if c.level1 == level1]


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    return Taxonomy.load()
