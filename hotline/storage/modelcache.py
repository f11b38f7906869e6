"""Models trained from the repository's data at first use, cached under var/cache keyed by the data's hash."""
from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from hotline.paths import var_dir

T = TypeVar("T")


def cache_dir() -> Path:
    return var_dir() / "cache"


def fingerprint(version: str, paths: Iterable[Path], extra: str = "") -> str:
    h = hashlib.sha256((version + extra).encode())
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The model `name` for data `key`: from the cache when present and readable, else built and stored
    (atomically, so concurrent processes never read a half-written file)."""
    path = cache_dir() / f"{name}-{key}.pkl"
    if path.exists():
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:  # a stale or truncated cache is rebuilt, never trusted
            pass
    model = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(model, f)
    os.replace(tmp, path)
    return model
