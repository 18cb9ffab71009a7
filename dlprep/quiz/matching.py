"""Match a typed short answer against a question's accepted answers, and say why it matched.

Each step forgives one harmless difference and is named, so `exam check` can tell an instructor
which key an answer matched and after what; a step never turns one key into another:
- spelling: case, full-width characters, spaces, hyphens, underscores, trailing punctuation;
- math: a key written as `$\\min(0,x)$` also matches `min(0,x)`;
- articles: "the", "a", "an" before a word ("the sigmoid");
- a generic head word ("function", "函数", "loss", "卷积", ...) dropped from the end of both
  sides, but only one the question itself uses (in its prompt or its keys), so "squash 函数"
  matches "squash" where the keys say "squash function", and "sigmoid loss" never matches
  "sigmoid" in a question about activations;
- lists: "32、16、3、3" matches the key "32, 16, 3, 3" (same items, same order, any separator),
  and a key written as a YAML list (`[N, H, W]`) matches its items in any order ("H, W, N",
  "N、H、W", "NHW" when every item is one character).

Written by hand: fuzzy matchers (edit distance) would accept near-misses that are wrong answers
("tanh" for "tan"), and no library knows these bilingual conventions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dlprep.mathtext import to_unicode

__all__ = ["GENERIC_HEADS", "ShortMatch", "match_short", "normalise_text", "squeezed"]

# Generic head words with their translations: a question that uses one form may drop either.
GENERIC_HEADS = (
    ("function", "函数"), ("loss", "损失"), ("algorithm", "算法"), ("method", "方法"),
    ("mode", "模式"), ("convolution", "卷积"), ("operation", "运算"), ("operation", "操作"),
    ("layer", "层"), ("curve", "曲线"),
)  # fmt: skip
_ARTICLE = re.compile(r"(?:(?<=\s)|^)(?:the|a|an)\s+(?=\w)", re.I)
_SEPARATOR = re.compile(r"\s*(?:[,，、;；&]|\band\b|以及|和|与|及)\s*", re.I)
_BRACKETS = "()[]{}（）【】<>《》"
_SPELLING = "case, width, spaces and hyphens ignored"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("−", "-").strip()


def normalise_text(text: str) -> str:
    """Case, width, hyphens, underscores, spaces and trailing punctuation do not matter."""
    s = _plain(text).casefold()
    return re.sub(r"[-_‐–—\s]+", " ", s).strip(" .。!！?？,，;；:：'\"“”‘’")


def squeezed(text: str) -> str:
    return normalise_text(text).replace(" ", "")


@dataclass(frozen=True)
class ShortMatch:
    """The verdict on one short answer: the key it matched and after which steps, or the closest."""

    accepted: bool
    key: str | None = None
    steps: tuple[str, ...] = ()
    closest: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.accepted:
            how = f" after: {'; '.join(self.steps)}" if self.steps else " exactly"
            return f"matches the key '{self.key}'{how}"
        near = ", ".join(f"'{k}'" for k in self.closest)
        return f"matches no key; closest: {near}" if near else "matches no key"


def _without_articles(text: str) -> str:
    return _ARTICLE.sub("", normalise_text(text))


def _heads_in(context: str) -> tuple[str, ...]:
    """The generic head words this question uses (prompt and keys), longest first."""
    lowered = normalise_text(context)
    used = {word for pair in GENERIC_HEADS if any(w in lowered for w in pair) for word in pair}
    return tuple(sorted(used, key=lambda w: (-len(w), w)))


def _without_head(text: str, heads: Sequence[str]) -> str:
    s = _without_articles(text)
    for head in heads:
        if s.endswith(head) and len(s) > len(head):
            rest = s[: -len(head)]
            if head.isascii() and not rest.endswith(" "):
                continue  # "function" must be a word of its own: "malfunction" keeps it
            return rest.strip()
    return s


def _items(text: str) -> list[str]:
    s = _plain(text).strip(_BRACKETS + " ")
    return [item for item in (p.strip(_BRACKETS + " ") for p in _SEPARATOR.split(s)) if item]


def _as_items(text: str, key_items: Sequence[str]) -> list[str]:
    """The typed answer as items comparable to `key_items`.

    When every key item is one word, spaces separate items too ("N H and W"); when every key
    item is one character, a lone word is its characters ("NHW").
    """
    items = _items(text)
    if all(" " not in normalise_text(k) for k in key_items):
        items = [word for item in items for word in normalise_text(item).split(" ") if word]
    if len(items) == 1 and all(len(squeezed(k)) == 1 for k in key_items):
        items = list(squeezed(items[0]))
    return [squeezed(i) for i in items]


def match_short(
    text: str, keys: Sequence[str], any_order: Sequence[Sequence[str]] = (), context: str = ""
) -> ShortMatch:
    """Judge `text` against `keys` (and the item lists in `any_order`, matched in any order).

    `context` is the question's own text (prompt and keys in both languages): a generic head
    word is dropped only when it occurs there.
    """
    typed = squeezed(text)
    for key in keys:
        if typed == squeezed(key):
            steps = () if text.strip() == key else (_SPELLING,)
            return ShortMatch(True, key, steps)
        if "$" in key and typed == squeezed(to_unicode(key)):
            return ShortMatch(True, key, ("math written as plain text",))
    bare = _without_articles(text).replace(" ", "")
    for key in keys:
        if bare and bare == _without_articles(key).replace(" ", ""):
            return ShortMatch(True, key, ("articles ignored",))
    heads = _heads_in(" ".join([context, *keys]))
    headless = _without_head(text, heads).replace(" ", "")
    for key in keys:
        if headless and headless == _without_head(key, heads).replace(" ", ""):
            dropped = [
                h for h in heads if normalise_text(text).endswith(h) or normalise_text(key).endswith(h)
            ]
            word = f" '{dropped[0]}'" if dropped else ""
            return ShortMatch(True, key, (f"the generic word{word} ignored (the question uses it)",))
    for items in any_order:
        if Counter(_as_items(text, items)) == Counter(squeezed(i) for i in items):
            shown = "[" + ", ".join(items) + "]"
            return ShortMatch(True, shown, ("items compared in any order, separators ignored (a list key)",))
    for key in keys:
        key_items = _items(key)
        if len(key_items) > 1 and _as_items(text, key_items) == [squeezed(i) for i in key_items]:
            return ShortMatch(True, key, ("separators ignored, items in the order of the key",))
    return ShortMatch(False, closest=_closest(typed, [*keys, *(", ".join(i) for i in any_order)]))


def _closest(typed: str, keys: Sequence[str], count: int = 3) -> tuple[str, ...]:
    def score(key: str) -> float:
        return difflib.SequenceMatcher(None, typed, squeezed(key)).ratio()

    ranked = sorted(dict.fromkeys(keys), key=score, reverse=True)
    return tuple(ranked[:count])
