"""Plain-text and JSON views of question instances (terminal rendering, `exam show`, `exam dump`)."""

from __future__ import annotations

from typing import Any

from dlprep.instance import Instance
from dlprep.mathtext import to_unicode
from dlprep.numfmt import fmt_num, fmt_sig
from dlprep.question import Bilingual, QuestionType, ShortAnswer

__all__ = ["LETTERS", "answer_source", "answer_text", "instance_record", "instance_text", "langs"]

LETTERS = "ABCDEFGH"


def langs(lang: str) -> tuple[str, ...]:
    """The languages to show for a --lang value: zh, en, or both."""
    return ("zh", "en") if lang == "both" else (lang,)


def _number(value: float) -> str:
    """Six decimals, or six significant figures for numbers too small to show that way."""
    return fmt_sig(value, 6) if 0 < abs(value) < 1e-3 else fmt_num(value, 6)


def answer_text(instance: Instance, lang: str) -> str:
    """The correct answer as a student would type or read it."""
    answer = instance.answer
    qtype = instance.question.type
    if qtype.has_choices:
        return ", ".join(LETTERS[i] for i in instance.correct_choices)
    if qtype is QuestionType.TRUEFALSE:
        return ("对" if answer else "错") if lang == "zh" else ("true" if answer else "false")
    if qtype is QuestionType.NUMERIC:
        assert isinstance(answer, int | float) and instance.tolerance is not None
        return f"{_number(answer)} (± {_number(instance.tolerance)})"
    if isinstance(answer, ShortAnswer):
        return " | ".join(answer.accepted(None if lang == "both" else lang))
    if isinstance(answer, Bilingual):
        return to_unicode(answer.get("zh" if lang == "zh" else "en"))
    return str(answer)


def answer_source(instance: Instance, lang: str) -> str:
    """The correct answer in bank notation (math kept as `$...$`), for outputs that typeset it."""
    if isinstance(instance.answer, Bilingual):
        return instance.answer.get(lang)
    if isinstance(instance.answer, ShortAnswer):
        return " | ".join(instance.answer.accepted(lang))
    return answer_text(instance, lang)


def instance_text(instance: Instance, lang: str = "both") -> str:
    """A readable rendering with the answer, for the terminal."""
    q = instance.question
    header = f"{q.id} · {q.type} · {q.difficulty} · {fmt_num(q.points)} pt · topic {q.topic}"
    if q.parametric:
        header += f" · seed {instance.seed}"
    lines = [header, ""]
    for code in langs(lang):
        lines.append(to_unicode(instance.prompt.get(code)).strip())
        for i, choice in enumerate(instance.choices):
            mark = "  ✓" if choice.correct else ""
            lines.append(f"  {LETTERS[i]}. {to_unicode(choice.text.get(code))}{mark}")
        lines.append("")
    label = "答案 / Answer" if lang == "both" else ("答案" if lang == "zh" else "Answer")
    lines.append(f"{label}: {answer_text(instance, 'en' if lang == 'both' else lang)}")
    for point in q.rubric:
        lines.append(
            f"  • [{fmt_num(point.points)}] {to_unicode(point.text.get('en' if lang == 'both' else lang))}"
        )
    lines.append("")
    for code in langs(lang):
        lines.append(to_unicode(instance.explanation.get(code)).strip())
    if instance.params:
        lines.append("")
        lines.append("params: " + ", ".join(f"{k}={v}" for k, v in instance.params.items()))
    lines.append(f"source: {q.source}")
    return "\n".join(lines)


def _json_answer(instance: Instance) -> Any:
    answer = instance.answer
    if instance.question.type.has_choices:
        return [LETTERS[i] for i in instance.correct_choices]
    if isinstance(answer, ShortAnswer):
        return {"zh": list(answer.zh), "en": list(answer.en)}
    if isinstance(answer, Bilingual):
        return answer.as_dict()
    return answer


def instance_record(instance: Instance) -> dict[str, Any]:
    """The machine-readable form `exam dump --json` prints, one object per question."""
    q = instance.question
    return {
        "id": q.id,
        "type": q.type.value,
        "topic": q.topic,
        "tags": list(q.tags),
        "difficulty": q.difficulty.value,
        "points": q.points,
        "source": q.source,
        "seed": instance.seed,
        "generator": q.generator.name if q.generator else None,
        "params": instance.params,
        "prompt": instance.prompt.as_dict(),
        "choices": [{**c.text.as_dict(), "correct": c.correct} for c in instance.choices],
        "answer": _json_answer(instance),
        "tolerance": instance.tolerance,
        "rubric": [{**p.text.as_dict(), "points": p.points} for p in q.rubric],
        "explanation": instance.explanation.as_dict(),
    }
