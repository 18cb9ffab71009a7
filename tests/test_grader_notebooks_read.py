"""Reading a submitted notebook: Colab's and JupyterLab's formats work, hostile JSON is a clear error."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from grader.notebooks.read import MAX_CODE, MAX_NOTEBOOK, NotebookError, read_notebook
from grader.notebooks.submission import read_notebook_submission

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "exercise_bp"


def _notebook(*sources: str, minor: int = 5) -> dict[str, object]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), *(nbformat.v4.new_code_cell(s) for s in sources)]
    nb.nbformat_minor = minor
    return dict(nb)


def test_colab_and_jupyterlab_notebooks_give_the_code_cells_in_order() -> None:
    for name in ("colab-no-outputs.ipynb", "jupyterlab-outputs-magics.ipynb"):
        notebook = read_notebook((CORPUS / "correct" / name).read_bytes(), name)
        module = notebook.module
        assert notebook.schema_note == ""
        assert [c.number for _, c in module.starts] == sorted(c.number for _, c in module.starts)
        assert "def backward(" in module.source and module.source.index("def sigmoid") < module.source.index(
            "def train_step"
        )
        compile(module.source, "bp.py", "exec")


def test_an_nbformat_3_notebook_is_upgraded_and_a_schema_break_is_noted_not_fatal() -> None:
    v3 = nbformat.v3.new_notebook(
        worksheets=[nbformat.v3.new_worksheet(cells=[nbformat.v3.new_code_cell(input="x = 1")])]
    )
    assert "x = 1" in read_notebook(json.dumps(v3).encode(), "old.ipynb").module.source
    odd = _notebook("y = 2")
    odd["cells"][1]["unexpected"] = True  # type: ignore[index]
    notebook = read_notebook(json.dumps(odd).encode(), "odd.ipynb")
    assert "y = 2" in notebook.module.source and "nbformat 4 schema" in notebook.schema_note


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"cells": [], "x": "\xff"}', "is not UTF-8 text (byte 20)"),
        (b'{"cells": [', "is not valid JSON"),
        (b"[1, 2]", "is JSON but not a notebook"),
        (b'{"cells": [], "metadata": {"a": ' + b"[" * 200 + b"]" * 200 + b"}}", "nested more than 64 levels"),
        (
            b'{"cells": [], "metadata": {"a": ' + b"[" * 200_000 + b"]" * 200_000 + b"}}",
            "nested more than 64 levels",
        ),
        (json.dumps(_notebook()).encode(), "has no code cells"),
        (json.dumps(_notebook("x = '\\0'".replace("\\0", "\0"))).encode(), "contains a NUL character"),
        (
            json.dumps({**_notebook("x <- 1"), "metadata": {"language_info": {"name": "R"}}}).encode(),
            "is a notebook in R, not Python",
        ),
        (  # JSON's "\ud800" decodes to a lone surrogate, which no Python source can hold (red team)
            json.dumps(_notebook("x = 1")).replace('"x = 1"', '"x = \\ud800"').encode(),
            "cell 2 holds text that is not valid Unicode",
        ),
    ],
)
def test_hostile_or_broken_json_is_one_sentence(data: bytes, message: str) -> None:
    with pytest.raises(NotebookError, match=re.escape(message)):
        read_notebook(data, "hw.ipynb")


def test_huge_cells_and_huge_files_are_refused_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(NotebookError, match="more than 1024 KiB of code"):
        read_notebook(json.dumps(_notebook("x = 1", "#" * MAX_CODE)).encode(), "hw.ipynb")
    path = tmp_path / "huge.ipynb"
    with path.open("wb") as f:
        f.write(b'{"cells": [], "pad": "')
        f.seek(MAX_NOTEBOOK + 10)
        f.write(b'"}')
    submission = read_notebook_submission(str(path), "bp", path, [])
    assert submission.files == {} and "huge.ipynb is larger than 16 MiB" in submission.problem
    assert time.perf_counter() - started < 5


def test_every_hostile_corpus_notebook_is_an_error_or_gradable() -> None:
    for path in sorted(CORPUS.glob("*/*.ipynb")):
        submission = read_notebook_submission(str(path), "bp", path, [])
        assert bool(submission.problem) != bool(submission.files), path
        assert submission.problem.startswith(path.name) or not submission.problem
