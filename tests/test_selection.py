"""Question selection: filters like `cnn+numeric`, groups like `cnn:3,gan:2`, and drawing them."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from dlprep.bank import Bank
from dlprep.errors import UsageError
from dlprep.question import Bilingual, Difficulty, Question, QuestionType, Topic
from dlprep.selection import KINDS, Filter, Group, draw, parse_filter, parse_groups


def _question(qid: str, topic: str, qtype: str, difficulty: str, tags: tuple[str, ...] = ()) -> Question:
    return Question(
        id=qid,
        topic=topic,
        type=QuestionType(qtype),
        difficulty=Difficulty(difficulty),
        points=1.0,
        tags=tags,
        source="test",
        prompt=Bilingual("题", "question"),
        explanation=Bilingual("解", "because"),
    )


@pytest.fixture
def clash_bank() -> Bank:
    """Names used as more than one kind: a topic called `numeric`, tags called `hard` and `open`."""
    questions = [
        _question("numeric-topic-q", "numeric", "single", "easy", ("hard", "open", "gizmo")),
        _question("alpha-numeric-q", "alpha", "numeric", "hard"),
        _question("alpha-open-q", "alpha", "open", "easy"),
        _question("alpha-medium-q", "alpha", "single", "medium", ("gizmo",)),
    ]
    topics = {t: Topic(t, Bilingual(t, t), Path(f"{t}.yaml")) for t in ("numeric", "alpha")}
    return Bank(topics=topics, questions={q.id: q for q in questions})


def _ids(flt: Filter, bank: Bank) -> set[str]:
    return {q.id for q in bank.questions.values() if flt.matches(q)}


# --- parse_filter ----------------------------------------------------------------------------


def test_bare_name_is_a_topic_before_a_type(clash_bank: Bank) -> None:
    flt = parse_filter("numeric", clash_bank)
    assert flt.topics == {"numeric"} and not flt.types
    assert _ids(flt, clash_bank) == {"numeric-topic-q"}


def test_bare_name_is_a_type_before_a_tag(clash_bank: Bank) -> None:
    flt = parse_filter("open", clash_bank)
    assert flt.types == {"open"} and not flt.tags
    assert _ids(flt, clash_bank) == {"alpha-open-q"}


def test_bare_name_is_a_difficulty_before_a_tag(clash_bank: Bank) -> None:
    flt = parse_filter("hard", clash_bank)
    assert flt.difficulties == {"hard"} and not flt.tags
    assert _ids(flt, clash_bank) == {"alpha-numeric-q"}


def test_bare_name_falls_back_to_a_tag(clash_bank: Bank) -> None:
    flt = parse_filter("gizmo", clash_bank)
    assert flt.tags == {"gizmo"}
    assert _ids(flt, clash_bank) == {"numeric-topic-q", "alpha-medium-q"}


def test_kind_equals_value_picks_the_kind(clash_bank: Bank) -> None:
    assert _ids(parse_filter("type=numeric", clash_bank), clash_bank) == {"alpha-numeric-q"}
    assert _ids(parse_filter("topic=numeric", clash_bank), clash_bank) == {"numeric-topic-q"}
    assert _ids(parse_filter("tag=hard", clash_bank), clash_bank) == {"numeric-topic-q"}
    assert _ids(parse_filter("tag=open", clash_bank), clash_bank) == {"numeric-topic-q"}
    assert _ids(parse_filter("difficulty=medium", clash_bank), clash_bank) == {"alpha-medium-q"}
    assert _ids(parse_filter(" type = open ", clash_bank), clash_bank) == {"alpha-open-q"}


def test_real_bank_topic_wins_over_the_tag_of_the_same_name(bank: Bank) -> None:
    by_topic = {q.id for q in bank.questions.values() if q.topic == "cnn"}
    by_tag = {q.id for q in bank.questions.values() if "cnn" in q.tags}
    assert by_tag - by_topic, "the bank no longer has a question tagged cnn outside topic cnn"
    assert _ids(parse_filter("cnn", bank), bank) == by_topic
    assert _ids(parse_filter("tag=cnn", bank), bank) == by_tag


def test_same_kind_terms_are_alternatives(bank: Bank) -> None:
    flt = parse_filter("cnn+rnn", bank)
    expected = {q.id for q in bank.questions.values() if q.topic in ("cnn", "rnn")}
    assert _ids(flt, bank) == expected
    assert len(expected) == sum(1 for q in bank.questions.values() if q.topic == "cnn") + sum(
        1 for q in bank.questions.values() if q.topic == "rnn"
    )
    both_types = _ids(parse_filter("type=single+type=truefalse", bank), bank)
    assert both_types == {q.id for q in bank.questions.values() if q.type.value in ("single", "truefalse")}


def test_different_kinds_must_all_hold(bank: Bank) -> None:
    got = _ids(parse_filter("cnn+numeric", bank), bank)
    expected = {q.id for q in bank.questions.values() if q.topic == "cnn" and q.type.value == "numeric"}
    assert got == expected and 0 < len(got) < 59
    mixed = _ids(parse_filter("cnn+rnn+type=single+hard", bank), bank)
    assert mixed == {
        q.id
        for q in bank.questions.values()
        if q.topic in ("cnn", "rnn") and q.type.value == "single" and q.difficulty.value == "hard"
    }


def test_filter_keeps_its_text(bank: Bank) -> None:
    assert parse_filter(" cnn+numeric ", bank).text == "cnn+numeric"
    assert KINDS == ("topic", "type", "difficulty", "tag")


@pytest.mark.parametrize(
    ("text", "bad", "suggestion", "what"),
    [
        ("cnnn", "'cnnn'", "cnn", "topic, type, difficulty or tag"),
        ("cnn+rnnn", "'rnnn'", "rnn", "topic, type, difficulty or tag"),
        ("topic=rnnn", "'rnnn'", "rnn", "unknown topic"),
        ("type=numerc", "'numerc'", "numeric", "unknown type"),
        ("hrad", "'hrad'", "hard", "topic, type, difficulty or tag"),
        ("lst", "'lst'", "lstm", "topic, type, difficulty or tag"),
        ("tag=lstmm", "'lstmm'", "lstm", "unknown tag"),
    ],
)
def test_unknown_name_is_a_usage_error_with_close_matches(
    bank: Bank, text: str, bad: str, suggestion: str, what: str
) -> None:
    with pytest.raises(UsageError) as info:
        parse_filter(text, bank, where="--select")
    message = str(info.value)
    assert info.value.exit_code == 2
    assert message.startswith("--select: ")
    assert bad in message and what in message
    assert "did you mean" in message and suggestion in message.split("did you mean", 1)[1]


def test_unknown_name_without_any_close_match_has_no_hint(bank: Bank) -> None:
    with pytest.raises(UsageError) as info:
        parse_filter("zzzzqqq", bank, where="spec.yaml:4")
    assert "'zzzzqqq'" in str(info.value) and "did you mean" not in str(info.value)
    assert str(info.value).startswith("spec.yaml:4: ")


def test_unknown_kind_and_empty_terms(bank: Bank) -> None:
    with pytest.raises(UsageError, match=r"'foo=' is not one of topic=, type=, difficulty=, tag="):
        parse_filter("foo=bar", bank)
    with pytest.raises(UsageError, match="empty term"):
        parse_filter("cnn++rnn", bank)
    with pytest.raises(UsageError, match="empty term"):
        parse_filter("", bank)
    with pytest.raises(UsageError, match="unknown topic 'numeric'"):
        parse_filter("topic=numeric", bank)  # a type is not a topic when the kind is given


# --- parse_groups ----------------------------------------------------------------------------


def test_groups_with_counts(bank: Bank) -> None:
    groups = parse_groups("cnn:3, gan+numeric:2 ,rnn", bank)
    assert [g.count for g in groups] == [3, 2, None]
    assert [g.filter.text for g in groups] == ["cnn", "gan+numeric", "rnn"]
    assert groups[1].filter.topics == {"gan"} and groups[1].filter.types == {"numeric"}
    assert parse_groups("cnn:3,,gan:2,", bank) == parse_groups("cnn:3,gan:2", bank)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("cnn:x", "'x' in 'cnn:x' is not a whole number"),
        ("cnn:2.5", "'2.5' in 'cnn:2.5' is not a whole number"),
        ("cnn:0", "the count in 'cnn:0' must be at least 1"),
        ("cnn:-2", "the count in 'cnn:-2' must be at least 1"),
        ("", "nothing selected"),
        (" , ,", "nothing selected"),
        ("cnn:2,gann:1", "'gann'"),
    ],
)
def test_bad_groups_are_usage_errors(bank: Bank, text: str, needle: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_groups(text, bank, where="--select")
    assert info.value.exit_code == 2
    assert needle in str(info.value) and str(info.value).startswith("--select: ")


# --- draw ------------------------------------------------------------------------------------


def _draw_all(text: str, bank: Bank, seed: int = 0) -> list[list[Question]]:
    rng = random.Random(seed)
    taken: set[str] = set()
    questions = list(bank.questions.values())
    drawn = []
    for group in parse_groups(text, bank):
        picked = draw(group, questions, taken, rng, "--select")
        taken.update(q.id for q in picked)
        drawn.append(picked)
    return drawn


def test_draw_spreads_a_group_across_its_topics(bank: Bank) -> None:
    for seed in range(5):
        (picked,) = _draw_all("cnn+rnn+gan:6", bank, seed)
        assert Counter(q.topic for q in picked) == {"cnn": 2, "rnn": 2, "gan": 2}
        (seven,) = _draw_all("cnn+rnn+gan:7", bank, seed)
        counts = Counter(q.topic for q in seven)
        assert sum(counts.values()) == 7 and set(counts) == {"cnn", "rnn", "gan"}
        assert max(counts.values()) - min(counts.values()) <= 1


def test_draw_whole_bank_spreads_over_every_topic(bank: Bank) -> None:
    group = Group(Filter(), len(bank.topics))
    picked = draw(group, list(bank.questions.values()), set(), random.Random(3), "--select")
    assert {q.topic for q in picked} == set(bank.topics)


def test_drawn_questions_match_the_filter_and_are_distinct(bank: Bank) -> None:
    (picked,) = _draw_all("cnn+numeric:10", bank, 1)
    assert len({q.id for q in picked}) == 10
    assert all(q.topic == "cnn" and q.type is QuestionType.NUMERIC for q in picked)


def test_draw_is_deterministic_for_a_seed_and_varies_with_it(bank: Bank) -> None:
    first = [[q.id for q in g] for g in _draw_all("cnn:5,gan:3", bank, 7)]
    assert first == [[q.id for q in g] for g in _draw_all("cnn:5,gan:3", bank, 7)]
    others = {tuple(q.id for g in _draw_all("cnn:5,gan:3", bank, s) for q in g) for s in range(8, 12)}
    assert len(others | {tuple(i for g in first for i in g)}) > 1


def test_no_question_is_drawn_by_two_groups(bank: Bank) -> None:
    cnn_count = sum(1 for q in bank.questions.values() if q.topic == "cnn")
    groups = _draw_all(f"cnn:{cnn_count - 3},cnn+rnn:10", bank, 2)
    ids = [q.id for g in groups for q in g]
    assert len(ids) == len(set(ids))
    # the second group took the last three cnn questions, so a third cnn group has nothing left
    assert {q.id for q in bank.questions.values() if q.topic == "cnn"} <= set(ids)
    with pytest.raises(UsageError, match=f"'cnn' selects no questions \\({cnn_count} more are used by other"):
        _draw_all(f"cnn:{cnn_count - 3},cnn+rnn:10,cnn", bank, 2)


def test_group_without_count_takes_every_question_not_taken(bank: Bank) -> None:
    first, rest = _draw_all("gan:4,gan", bank, 0)
    gan = {q.id for q in bank.questions.values() if q.topic == "gan"}
    assert {q.id for q in first} | {q.id for q in rest} == gan
    assert len(rest) == len(gan) - 4


def test_asking_for_more_than_exists_names_both_numbers(bank: Bank) -> None:
    gan = sum(1 for q in bank.questions.values() if q.topic == "gan")
    with pytest.raises(UsageError) as info:
        _draw_all(f"gan:{gan + 1}", bank)
    message = str(info.value)
    assert info.value.exit_code == 2
    assert f"asks for {gan + 1} questions but the bank has {gan}" in message and "'gan'" in message


def test_asking_for_more_than_is_left_says_how_many_earlier_groups_used(bank: Bank) -> None:
    gan = sum(1 for q in bank.questions.values() if q.topic == "gan")
    with pytest.raises(UsageError) as info:
        _draw_all(f"gan:10,gan:{gan - 5}", bank)
    message = str(info.value)
    assert f"asks for {gan - 5} questions but the bank has {gan - 10}" in message
    assert "(10 more are used by other groups)" in message


def test_fixed_ids_group_returns_exactly_those_questions(bank: Bank) -> None:
    ids = ("gan-value-function", "gan-training-alternation")
    picked = draw(Group(Filter(), 2, ids), list(bank.questions.values()), set(), random.Random(0), "x")
    assert {q.id for q in picked} == set(ids)


def test_narrowing_to_disjoint_topics_matches_nothing(bank: Bank) -> None:
    narrowed = parse_filter("rnn", bank).narrowed(parse_filter("topic=cnn", bank))
    assert not any(narrowed.matches(q) for q in bank.questions.values())


def test_narrowing_keeps_what_both_allow(bank: Bank) -> None:
    narrowed = parse_filter("cnn+rnn+numeric", bank).narrowed(parse_filter("topic=cnn+topic=gan", bank))
    assert _ids(narrowed, bank) == {
        q.id for q in bank.questions.values() if q.topic == "cnn" and q.type is QuestionType.NUMERIC
    }
    widened = Filter().narrowed(parse_filter("gan", bank))
    assert _ids(widened, bank) == {q.id for q in bank.questions.values() if q.topic == "gan"}
