"""Exercises: the public declaration in ``exercises/<name>/exercise.yaml`` and the hidden tests in
``solutions/<name>/grading.py``. Adding an exercise means adding those two folders, nothing here."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.declare import Case, Mistake, Tolerance
from grader.errors import ExerciseError, UsageError
from grader.untouched import has_containers

__all__ = ["Exercise", "FunctionSpec", "Hidden", "find_exercise", "list_exercises", "project_root"]

DECLARATION = "exercise.yaml"
GRADING = "grading.py"


@dataclass(frozen=True)
class FunctionSpec:
    """A function the student implements: its name, points and argument names (for feedback)."""

    name: str
    points: float
    args: tuple[str, ...]
    returns: tuple[str, ...] = ()  # names of the parts of a returned tuple, for feedback


@dataclass(frozen=True)
class Hidden:
    """The hidden half of an exercise: its cases, tolerance and catalogue of classic mistakes."""

    cases: tuple[Case, ...]
    tolerance: Tolerance
    mistakes: tuple[Mistake, ...]
    seed: int | None = None  # the seed the cases were drawn with; None: the grading module's own
    _wrong: dict[tuple[int, int], Any] = field(default_factory=dict, compare=False, repr=False)

    def wrong_answer(self, index: int, mistake: int) -> Any:
        """What ``mistakes[mistake]`` returns on case ``index``; computed once per batch, not per submission."""
        key = (index, mistake)
        if key not in self._wrong:
            self._wrong[key] = self.mistakes[mistake].wrong(*self.cases[index].calls[-1].args)
        return self._wrong[key]


@dataclass(frozen=True)
class Exercise:
    """An exercise as declared in its ``exercise.yaml``."""

    name: str
    title: str
    title_zh: str
    module: str
    functions: tuple[FunctionSpec, ...]
    folder: Path
    solutions: Path

    @property
    def points(self) -> float:
        return sum(f.points for f in self.functions)

    @property
    def starter(self) -> Path:
        return self.folder / f"{self.module}.py"

    def function(self, name: str) -> FunctionSpec:
        for spec in self.functions:
            if spec.name == name:
                return spec
        raise ExerciseError(
            f"{self.solutions / GRADING}: a case grades {name!r}, which {DECLARATION} does not declare"
        )

    def case_points(self, hidden: Hidden) -> list[float]:
        """Each hidden case's points: its weight's share of its function's points."""
        totals: dict[str, float] = {}
        for case in hidden.cases:
            totals[case.function] = totals.get(case.function, 0.0) + case.weight
        return [self.function(c.function).points * c.weight / totals[c.function] for c in hidden.cases]

    def has_hidden_tests(self) -> bool:
        return (self.solutions / GRADING).is_file()

    def load_hidden(self, seed: int | None = None) -> Hidden:
        """Import ``grading.py`` as a package module (so it can import its siblings) and check it.

        ``seed`` draws the hidden inputs (``cases(seed)``); None keeps the module's own fixed seed.
        """
        path = self.solutions / GRADING
        if not path.is_file():
            raise UsageError(
                f"{self.name}: the hidden tests ({path}) are not here; this looks like a student handout, "
                f"so run the public tests: pytest {self.folder / 'test_public.py'}"
            )
        package = f"_grade_solutions_{self.name}"
        if package not in sys.modules:
            module = types.ModuleType(package)
            module.__path__ = [str(self.solutions)]
            sys.modules[package] = module
        try:
            grading = importlib.import_module(f"{package}.grading")
            cases = tuple(grading.cases() if seed is None else grading.cases(seed))
            tolerance = grading.TOLERANCE
            mistakes = tuple(getattr(grading, "MISTAKES", ()))
        except Exception as exc:  # noqa: BLE001 - an instructor's broken file: name it, keep it to one line
            raise ExerciseError(f"{path}: cannot load the hidden tests: {type(exc).__name__}: {exc}") from exc
        problems = [
            f"case {c.name!r} grades undeclared function {c.function!r}"
            for c in cases
            if c.function not in {f.name for f in self.functions}
        ]
        graded = {c.function for c in cases}
        problems += [f"no case grades {f.name!r}" for f in self.functions if f.name not in graded]
        if problems:
            raise ExerciseError(f"{path}: " + "; ".join(problems))
        return Hidden(
            cases + _inputs_cases(cases),
            tolerance,
            mistakes,
            seed if seed is not None else getattr(grading, "SEED", None),
        )


INPUTS_WEIGHT = 0.5  # the share of a function's points for leaving its inputs alone, beside 1 per case


def _inputs_cases(cases: tuple[Case, ...]) -> tuple[Case, ...]:
    """A "leaves its inputs unchanged" case for every function that takes arrays and declares none;
    it runs the function's first case again and is judged on the evidence of all its cases."""
    added = []
    for function in dict.fromkeys(c.function for c in cases):
        own = [c for c in cases if c.function == function]
        if any(c.inputs for c in own) or not any(has_containers(c) for c in own):
            continue
        first = next(c for c in own if has_containers(c))
        added.append(
            Case(
                f"{function}: leaves its inputs unchanged",
                function,
                first.calls,
                first.check,
                first.expected,
                INPUTS_WEIGHT,
                inputs=True,
            )
        )
    return tuple(added)


def project_root() -> Path:
    """The folder holding ``exercises/``: ``GRADE_PROJECT``, else the nearest one above the current
    folder, else the checkout this package was installed from."""
    if os.environ.get("GRADE_PROJECT"):
        return Path(os.environ["GRADE_PROJECT"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "exercises").is_dir():
            return folder
    return Path(__file__).resolve().parents[1]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ExerciseError(f"{where}: expected a non-empty text")
    return value.strip()


def load_exercise(folder: Path, root: Path) -> Exercise:
    """Read and check one ``exercise.yaml``."""
    path = folder / DECLARATION
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExerciseError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ExerciseError(f"{path}: expected a mapping")
    name = _text(data.get("name"), f"{path}: name")
    if name != folder.name:
        raise ExerciseError(f"{path}: name {name!r} differs from its folder {folder.name!r}")
    title = data.get("title") or {}
    functions = []
    for fname, spec in (data.get("functions") or {}).items():
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("points"), int | float)
            or spec["points"] <= 0
        ):
            raise ExerciseError(f"{path}: function {fname!r} needs positive points")
        args = spec.get("args", [])
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise ExerciseError(f"{path}: function {fname!r}: args must be a list of names")
        returns = spec.get("returns", [])
        if not isinstance(returns, list) or not all(isinstance(a, str) for a in returns):
            raise ExerciseError(f"{path}: function {fname!r}: returns must be a list of names")
        functions.append(FunctionSpec(str(fname), float(spec["points"]), tuple(args), tuple(returns)))
    if not functions:
        raise ExerciseError(f"{path}: declares no functions")
    return Exercise(
        name=name,
        title=_text(title.get("en"), f"{path}: title.en"),
        title_zh=_text(title.get("zh"), f"{path}: title.zh"),
        module=_text(data.get("module"), f"{path}: module"),
        functions=tuple(functions),
        folder=folder,
        solutions=root / "solutions" / name,
    )


def list_exercises(root: Path | None = None) -> list[Exercise]:
    """Every exercise under ``root/exercises``, sorted by name."""
    root = root or project_root()
    folders = sorted(p.parent for p in (root / "exercises").glob(f"*/{DECLARATION}"))
    return [load_exercise(folder, root) for folder in folders]


def find_exercise(name: str, root: Path | None = None) -> Exercise:
    """The exercise called ``name``; an unknown name lists the known ones."""
    root = root or project_root()
    known = list_exercises(root)
    for exercise in known:
        if exercise.name == name:
            return exercise
    listing = ", ".join(e.name for e in known) or f"none found under {root / 'exercises'}"
    raise UsageError(f"unknown exercise {name!r}; known exercises: {listing}")
