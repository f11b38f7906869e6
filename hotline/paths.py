"""Where the project's files are."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """Writable state (SQLite file, caches, logs): HOTLINE_VAR_DIR, else var/ in the checkout."""
    return Path(os.environ.get("HOTLINE_VAR_DIR", ROOT / "var"))
