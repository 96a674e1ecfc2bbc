"""Did you mean: the ids a mistyped one may have meant."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["close_matches", "did_you_mean"]

_NUMBER = re.compile(r"\d+")


def _plain(word: str) -> str:
    """Case and leading zeros aside: sbap-8, SBAP-08 and sbap-008 are one."""
    return _NUMBER.sub(lambda m: str(int(m.group())), word.lower())


def close_matches(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Up to `limit` choices: those equal to `word` but for case and leading zeros, else those
    holding it (`sbap` -> sbap-01, ...), else difflib's closest (ratio 0.6 or more)."""
    pool = sorted(set(choices))
    same = [choice for choice in pool if _plain(choice) == _plain(word)]
    if same:
        return same[:limit]
    holding = [choice for choice in pool if word.lower() in choice.lower()] if word else []
    if holding:
        return holding[:limit]
    by_lower = {choice.lower(): choice for choice in pool}
    return [by_lower[found] for found in difflib.get_close_matches(word.lower(), list(by_lower), n=limit)]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The hint " (did you mean a, b or c?)", or "" when nothing is close."""
    found = close_matches(word, choices)
    if not found:
        return ""
    shown = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]
    return f" (did you mean {shown}?)"
