"""Which questions an exam or an export draws: filters like `cnn+numeric` and groups like `cnn:3,gan:2`.

A filter is terms joined by `+`. A term is `topic=X`, `tag=X`, `type=X` or `difficulty=X`, or a
bare name, looked up as a topic, then a type, then a difficulty, then a tag. Terms of the same kind
are alternatives (`cnn+rnn`: either topic) and different kinds must all hold (`cnn+numeric`:
numeric questions about CNNs), which is how people read such lists. Names are checked against the
bank so that a typo is an error naming the closest matches, never an empty exam.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dlprep.bank import Bank
from dlprep.errors import UsageError
from dlprep.question import Difficulty, Question, QuestionType

__all__ = [
    "Filter",
    "Group",
    "parse_filter",
    "parse_groups",
    "groups_from_options",
    "draw",
    "draw_groups",
    "KINDS",
]

KINDS = ("topic", "type", "difficulty", "tag")


@dataclass(frozen=True)
class Filter:
    """Allowed values per kind; an empty set allows anything."""

    topics: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    difficulties: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    text: str = ""
    impossible: bool = False  # narrowed to disjoint sets: matches nothing (an empty set means "any")

    def matches(self, question: Question) -> bool:
        return not self.impossible and (
            (not self.topics or question.topic in self.topics)
            and (not self.types or question.type.value in self.types)
            and (not self.difficulties or question.difficulty.value in self.difficulties)
            and (not self.tags or not self.tags.isdisjoint(question.tags))
        )

    def narrowed(self, other: Filter) -> Filter:
        """Both filters at once (an exam spec's `topics` applied to each of its groups)."""

        def both(mine: frozenset[str], theirs: frozenset[str]) -> frozenset[str]:
            return mine & theirs if mine and theirs else mine or theirs

        pairs = [
            (self.topics, other.topics),
            (self.types, other.types),
            (self.difficulties, other.difficulties),
            (self.tags, other.tags),
        ]
        disjoint = any(mine and theirs and mine.isdisjoint(theirs) for mine, theirs in pairs)
        topics, types, difficulties, tags = (both(mine, theirs) for mine, theirs in pairs)
        return Filter(
            topics,
            types,
            difficulties,
            tags,
            text=self.text or other.text,
            impossible=self.impossible or other.impossible or disjoint,
        )


@dataclass(frozen=True)
class Group:
    """A filter and how many questions to draw from it (None: all of them)."""

    filter: Filter
    count: int | None
    ids: tuple[str, ...] = field(default=())


def _vocabulary(bank: Bank) -> dict[str, set[str]]:
    return {
        "topic": set(bank.topics),
        "type": {t.value for t in QuestionType},
        "difficulty": {d.value for d in Difficulty},
        "tag": {tag for q in bank.questions.values() for tag in q.tags},
    }


def _unknown(
    name: str, where: str, vocabulary: dict[str, set[str]], kinds: Iterable[str], bank: Bank
) -> UsageError:
    kinds = list(kinds)
    known = sorted(set().union(*(vocabulary[k] for k in kinds)))
    # A topic whose title mentions the word first (`conv` finds cnn, "Convolutional neural networks").
    close = [
        topic.id
        for topic in bank.topics.values()
        if "topic" in kinds and name.lower() in f"{topic.title.en} {topic.title.zh}".lower()
    ][:2]
    close += [k for k in difflib.get_close_matches(name, known, n=4, cutoff=0.6) if k not in close]
    close += [k for k in known if k.startswith(name) and k not in close]
    close = close[:4]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    what = " or ".join(kinds) if len(kinds) < len(KINDS) else "topic, type, difficulty or tag"
    return UsageError(f"{where}: unknown {what} '{name}'{hint}; `exam list` shows them")


def parse_filter(text: str, bank: Bank, where: str = "--select") -> Filter:
    """Parse `cnn+type=numeric`; raise UsageError naming `where` for an unknown name."""
    vocabulary = _vocabulary(bank)
    chosen: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for raw in text.split("+"):
        term = raw.strip()
        if not term:
            raise UsageError(f"{where}: empty term in '{text}' (write terms as cnn+numeric)")
        if "=" in term:
            kind, _, name = (part.strip() for part in term.partition("="))
            if kind not in KINDS:
                raise UsageError(f"{where}: '{kind}=' is not one of {', '.join(k + '=' for k in KINDS)}")
            if name not in vocabulary[kind]:
                raise _unknown(name, where, vocabulary, [kind], bank)
        else:
            name = term
            kind = next((k for k in KINDS if name in vocabulary[k]), "")
            if not kind:
                raise _unknown(name, where, vocabulary, KINDS, bank)
        chosen[kind].add(name)
    return Filter(
        frozenset(chosen["topic"]),
        frozenset(chosen["type"]),
        frozenset(chosen["difficulty"]),
        frozenset(chosen["tag"]),
        text.strip(),
    )


def parse_groups(text: str, bank: Bank, where: str = "--select") -> list[Group]:
    """Parse `cnn:3,gan+numeric:2,rnn` (no count: every matching question)."""
    groups: list[Group] = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        spec, colon, count_text = part.rpartition(":")
        if not colon:
            spec, count_text = part, ""
        if not spec.strip():
            raise UsageError(f"{where}: '{part}' names no questions before the ':' (write it as cnn:3)")
        count: int | None = None
        if count_text:
            try:
                count = int(count_text)
            except ValueError:
                raise UsageError(f"{where}: '{count_text}' in '{part}' is not a whole number") from None
            if count < 1:
                raise UsageError(f"{where}: the count in '{part}' must be at least 1")
        groups.append(Group(parse_filter(spec, bank, where), count))
    if not groups:
        raise UsageError(f"{where}: nothing selected (write it as cnn:3,gan:2)")
    return groups


def _spread(candidates: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """`count` questions spread across topics: topics take turns, in an order drawn by `rng`."""
    by_topic: dict[str, list[Question]] = {}
    for question in candidates:
        by_topic.setdefault(question.topic, []).append(question)
    pools = [by_topic[topic] for topic in sorted(by_topic)]
    for pool in pools:
        rng.shuffle(pool)
    rng.shuffle(pools)
    picked: list[Question] = []
    while len(picked) < count:
        for pool in pools:
            if pool and len(picked) < count:
                picked.append(pool.pop())
    return picked


def draw(
    group: Group, questions: Sequence[Question], taken: set[str], rng: random.Random, where: str
) -> list[Question]:
    """Draw a group's questions from those not `taken` yet, spread across topics.

    Raises UsageError when the group asks for more questions than it can have.
    """
    if group.ids:
        return [q for q in questions if q.id in group.ids]
    candidates = [q for q in questions if q.id not in taken and group.filter.matches(q)]
    already = sum(1 for q in questions if q.id in taken and group.filter.matches(q))
    note = f" ({already} more are used by other groups)" if already else ""
    if not candidates and group.count is None:
        raise UsageError(f"{where}: '{group.filter.text or 'the whole bank'}' selects no questions{note}")
    if group.count is None:
        return candidates
    if group.count > len(candidates):
        raise UsageError(
            f"{where}: '{group.filter.text or 'the whole bank'}' asks for {group.count} questions "
            f"but the bank has {len(candidates)}{note}"
        )
    return _spread(candidates, group.count, rng)


def groups_from_options(select: str | None, count: int | None, bank: Bank) -> tuple[list[Group], str] | None:
    """The groups `--select` or `--count` ask for, and the option's name for messages; None for neither."""
    if select is not None and count is not None:
        raise UsageError("give one of --select and --count, not both")
    if select is not None:
        return parse_groups(select, bank), "--select"
    if count is not None:
        return [Group(Filter(), count)], "--count"
    return None


def draw_groups(
    groups: Sequence[Group], questions: Sequence[Question], rng: random.Random, where: Sequence[str]
) -> list[list[Question]]:
    """Each group's questions, none used twice; questions a group lists by id are set aside first,
    so no drawn group can pick them as well. `where[i]` names group i in messages."""
    taken: set[str] = {qid for group in groups for qid in group.ids}
    drawn: list[list[Question]] = []
    for group, label in zip(groups, where, strict=True):
        picked = draw(group, questions, taken, rng, label)
        taken.update(q.id for q in picked)
        drawn.append(picked)
    return drawn
