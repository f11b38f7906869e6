"""Loading and validating the policy YAML files in this folder.

Policy is data a non-programmer edits; a mistake there must stop start-up with a message that names the
file and the key, not surface later as a KeyError in the middle of a conversation."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

POLICY_DIR = Path(__file__).resolve().parent


class PolicyError(ValueError):
    """A policy file is missing, unreadable or does not have the expected shape."""


def load_yaml(name: str, directory: Path | None = None) -> dict[str, Any]:
    path = (directory or POLICY_DIR) / name
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except FileNotFoundError as e:
        raise PolicyError(f"{path}: policy file not found") from e
    except yaml.YAMLError as e:
        raise PolicyError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: expected a mapping at the top level")
    return data


class Reader:
    """Walks a loaded YAML document and reports type errors with the file and the key path."""

    def __init__(self, source: str, data: Any, path: str = ""):
        self.source, self.data, self.path = source, data, path

    def _fail(self, what: str) -> PolicyError:
        return PolicyError(f"{self.source}: {self.path or '(top)'}: {what}")

    def get(self, key: str, default: Any = ...) -> Reader:
        if not isinstance(self.data, dict):
            raise self._fail("expected a mapping")
        if key not in self.data:
            if default is ...:
                raise self._fail(f"missing key '{key}'")
            return Reader(self.source, default, f"{self.path}.{key}".lstrip("."))
        return Reader(self.source, self.data[key], f"{self.path}.{key}".lstrip("."))

    def text(self) -> str:
        if not isinstance(self.data, str) or not self.data.strip():
            raise self._fail(f"expected a non-empty text, got {self.data!r}")
        return self.data.strip()

    def optional_text(self) -> str | None:
        return None if self.data is None else self.text()

    def number(self, minimum: float | None = None) -> float:
        if isinstance(self.data, bool) or not isinstance(self.data, (int, float)):
            raise self._fail(f"expected a number, got {self.data!r}")
        if minimum is not None and self.data < minimum:
            raise self._fail(f"must be at least {minimum}, got {self.data}")
        return self.data

    def integer(self, minimum: int | None = None) -> int:
        value = self.number(minimum)
        if int(value) != value:
            raise self._fail(f"expected a whole number, got {value}")
        return int(value)

    def items(self) -> list[tuple[str, Reader]]:
        if not isinstance(self.data, dict):
            raise self._fail("expected a mapping")
        return [(str(k), Reader(self.source, v, f"{self.path}.{k}".lstrip("."))) for k, v in self.data.items()]

    def list(self) -> list[Reader]:
        if self.data is None:
            return []
        if not isinstance(self.data, list):
            raise self._fail("expected a list")
        return [Reader(self.source, v, f"{self.path}[{i}]") for i, v in enumerate(self.data)]

    def texts(self) -> list[str]:
        return [r.text() if not isinstance(r.data, (int, float)) else str(r.data) for r in self.list()]

    def pattern(self) -> re.Pattern[str]:
        return compile_pattern(self.text(), self._fail)

    def patterns(self) -> list[re.Pattern[str]]:
        return [r.pattern() for r in self.list()]

    def choice(self, allowed: set[str]) -> str:
        value = self.text()
        if value not in allowed:
            raise self._fail(f"'{value}' is not one of {sorted(allowed)}")
        return value


def compile_pattern(text: str, fail: Callable[[str], Exception]) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as e:
        raise fail(f"pattern {text!r} is not a valid regular expression: {e}") from e


def alternation(words: list[str]) -> str:
    """One regex alternative for a list of regex fragments, longest first so the longest wins."""
    return "|".join(f"(?:{w})" for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


@cache
def cached(name: str) -> dict[str, Any]:
    return load_yaml(name)
