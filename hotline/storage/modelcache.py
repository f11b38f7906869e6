"""Models trained from the repository's data at first use, cached under var/cache keyed by the data's hash.

Each model is stored as plain data (JSON and NumPy arrays, see hotline.storage.linear_model) in a folder of its
own, written atomically; nothing is unpickled, so a tampered cache can give a wrong answer, never run code. A
cache that cannot be read is rebuilt."""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from hotline.paths import var_dir

T = TypeVar("T")
log = logging.getLogger(__name__)


def cache_dir() -> Path:
    return var_dir() / "cache"


def fingerprint(version: str, paths: Iterable[Path], extra: str = "") -> str:
    h = hashlib.sha256((version + extra).encode())
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cached(name: str, key: str, build: Callable[[], T], save: Callable[[T, Path], None],
           load: Callable[[Path], T]) -> T:
    """The model `name` for data `key`: loaded from its folder when present and readable, else built and
    stored (concurrent processes never see a half-written folder)."""
    folder = cache_dir() / f"{name}-{key}"
    if folder.is_dir():
        try:
            return load(folder)
        except Exception as e:  # stale, truncated or foreign: rebuilt, never trusted
            log.warning("model cache %s unreadable (%s); rebuilding", folder, type(e).__name__)
    model = build()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder.parent))
        save(model, tmp)
        try:
            os.rename(tmp, folder)
        except OSError:  # another process stored it first
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as e:  # a read-only checkout still works, it just trains at every start
        log.warning("model cache %s not written (%s)", folder, e)
    return model
