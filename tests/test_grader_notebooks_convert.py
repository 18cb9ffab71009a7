"""Notebook cells as one module: magics and shell escapes become no-ops in place, lines map back to cells."""

from __future__ import annotations

import ast

import pytest

from grader.notebooks.convert import Cell, build_module, neutralize
from grader.notebooks.submission import relocate


@pytest.mark.parametrize(
    ("source", "expect_line", "note"),
    [
        ("%matplotlib inline", "pass  # %matplotlib inline", "the IPython magic %matplotlib"),
        ("!pip install numpy", "pass  # !pip install numpy", "a shell command"),
        ("files = !ls -la", "files = None  # files = !ls -la", "a shell command"),
        ("t = %timeit -o f()", "t = None  # t = %timeit -o f()", "the IPython magic %timeit"),
        ("np.exp?", "pass  # np.exp?", "IPython help"),
        ("??np.exp", "pass  # ??np.exp", "IPython help"),
    ],
)
def test_line_magics_and_escapes_become_no_ops_with_a_note(source: str, expect_line: str, note: str) -> None:
    code, notes = neutralize(Cell(4, "import numpy as np\n" + source + "\nx = 1"))
    assert code.split("\n") == ["import numpy as np", expect_line, "x = 1"]
    assert len(notes) == 1 and notes[0].startswith("cell 4: `") and note in notes[0]
    ast.parse(code)


def test_an_indented_magic_keeps_its_block_valid_and_a_continued_escape_is_swallowed() -> None:
    code, notes = neutralize(Cell(2, "if True:\n    %time f()\n!echo a \\\n  b\ny = 2"))
    assert code.split("\n") == ["if True:", "    pass  # %time f()", "pass  # !echo a \\", "#   b", "y = 2"]
    ast.parse(code)
    assert len(notes) == 2


@pytest.mark.parametrize("magic", ["%%bash", "%%writefile notes.txt", "%%html", "%%sh", "%%javascript"])
def test_a_foreign_cell_magic_comments_the_whole_cell_out(magic: str) -> None:
    code, notes = neutralize(Cell(3, f"{magic}\nrm -rf /\necho $HOME"))
    assert all(line.startswith("# ") for line in code.split("\n")) and code.count("\n") == 2
    assert notes == [f"cell 3: `{magic}` cell was not run (the cell magic %%{magic[2:].split()[0]})"]


def test_a_python_cell_magic_keeps_its_body() -> None:
    code, notes = neutralize(Cell(5, "%%time\nfor i in range(3):\n    total = i"))
    assert code.split("\n")[1:] == ["for i in range(3):", "    total = i"]
    assert "body runs as plain Python" in notes[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "cell", "exec"), namespace)
    assert namespace["total"] == 2


def test_valid_python_is_never_touched_even_with_percent_or_bang_at_line_start() -> None:
    source = 'text = """\n%not a magic\n!not a shell\n"""\nvalue = (10\n  % 3)'
    assert neutralize(Cell(1, source)) == (source, [])


def test_module_lines_map_back_to_cells_and_first_lines() -> None:
    cells = [
        Cell(2, "import numpy as np\n%matplotlib inline"),
        Cell(4, "\n\ndef f(x):\n    return 1 / x\n"),
        Cell(7, "y = f(0)"),
    ]
    module = build_module(cells, "hw.ipynb")
    lines = module.source.split("\n")
    ast.parse(module.source)
    where = {n: module.locate(n) for n in range(1, len(lines) + 1)}
    at = lines.index("    return 1 / x") + 1
    assert where[at] is not None and (where[at][0].number, where[at][1]) == (4, 4)
    assert where[at][0].first_line == "def f(x):"
    assert where[1] is None  # the header belongs to no cell
    text = f"ZeroDivisionError: division by zero\n  hw.py, line {at}, in f: return 1 / x\n  hw.py, line 1, in <module>: x"
    out = relocate(text, "hw.py", module)
    assert '  cell 4 ("def f(x):"), line 4, in f: return 1 / x' in out
    assert "hw.py, line 1, in <module>" in out  # outside every cell: left as it was
    syntax = relocate(f"invalid syntax (hw.py, line {lines.index('y = f(0)') + 1})", "hw.py", module)
    assert syntax == 'invalid syntax (cell 7 ("y = f(0)"), line 1)'
    assert module.notes == ("cell 2: `%matplotlib inline` was not run (the IPython magic %matplotlib)",)
    # the cell's first line is the student's: a terminal escape or a direction override in it is written out
    odd = build_module([Cell(3, 'x = "\u202e\x1b[2J" + 1')], "hw.ipynb")
    shown = relocate(
        f"TypeError (hw.py, line {odd.source.split(chr(10)).index(odd.starts[0][1].source) + 1})",
        "hw.py",
        odd,
    )
    assert "\x1b" not in shown and "\u202e" not in shown and "cell 3" in shown, shown
