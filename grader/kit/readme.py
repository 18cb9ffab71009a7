"""The student kit's own README, in Chinese and English: what to implement, how to check, how to submit."""

from __future__ import annotations

from grader.exercise import Exercise

__all__ = ["student_readme"]


def _table(exercises: list[Exercise], lang: str) -> str:
    head = (
        "| 练习 | 题目 | 提交的文件 | 要实现的函数（分值） |\n|---|---|---|---|"
        if lang == "zh"
        else "| exercise | title | file to submit | functions to implement (points) |\n|---|---|---|---|"
    )
    rows = []
    for e in exercises:
        title = e.title_zh if lang == "zh" else e.title
        functions = ", ".join(f"`{f.name}` ({f.points:g})" for f in e.functions)
        rows.append(f"| `{e.name}` | {title} | `{e.module}.py` / `.ipynb` | {functions} |")
    return head + "\n" + "\n".join(rows)


def _questions(mode: str, left_out: int, lang: str) -> str:
    if mode == "none":
        return "本材料包不含题库。" if lang == "zh" else "This kit has no question bank."
    if lang == "zh":
        extra = f"为留作考试，有 {left_out} 道题没有放进来。" if left_out else ""
        return (
            f"`questions/` 是练习题库（含答案与解析，中英双语）。{extra}若安装了课程工具 dlprep，"
            "可以用 `quiz --bank questions/ --bank-only` 间隔重复地练习，或用 `exam show 题目ID` 查看一道题。"
        )
    extra = f" {left_out} questions are kept back for the exam." if left_out else ""
    return (
        f"`questions/` is the practice bank (answers and explanations, in Chinese and English).{extra} "
        "With the course tool dlprep installed, `quiz --bank questions/ --bank-only` drills it with spaced "
        "repetition and `exam show QUESTION_ID` shows one question."
    )


def student_readme(exercises: list[Exercise], questions: str, left_out: int) -> str:
    """The README of a kit with ``exercises`` and the bank as ``questions`` says."""
    first = exercises[0]
    return f"""# 深度学习练习材料包 / Deep-learning exercise kit

- [简体中文](#简体中文)
- [English](#english)

---

## 简体中文

### 要做什么

每个练习在 `exercises/<练习>/` 里有题目说明 `README.md`、要你补全的起始文件和公开测试 `test_public.py`。
只替换函数体，不要改函数名、参数顺序和文件名。只能使用 NumPy（评分环境里没有 PyTorch 等框架）。

{_table(exercises, "zh")}

### 安装（几秒钟，只需 NumPy 和 pytest）

需要 Python 3.11 或更新版本：

    python -m venv .venv
    .venv/bin/pip install --require-hashes -r requirements.txt      # Windows: .venv\\Scripts\\pip ...

`requirements.txt` 锁定了 NumPy 和 pytest 的版本与哈希值，与评分时使用的相同。

### 检查你的答案

    .venv/bin/python check.py {first.name}                       # 检查 exercises/{first.name}/{first.module}.py
    .venv/bin/python check.py {first.name} my_{first.module}.py              # 检查另一个文件
    .venv/bin/python check.py {first.name} homework.ipynb             # 检查 Jupyter / Colab 笔记本

`check.py` 运行公开测试，按函数汇总结果，并给出与评分程序相同的提示（例如警告会被当作错误）。
对于笔记本，它像评分程序一样按顺序取出所有代码单元，跳过 `%matplotlib`、`!pip install`、`%%bash`
这类魔法命令和 shell 命令（并列出被跳过的行），报错时指出是哪个单元（编号与第一行）。
函数之外的代码（训练循环、绘图）在评分时也会运行并占用时间：请放在 `if __name__ == "__main__":` 下。
也可以直接运行 `pytest exercises/{first.name}/test_public.py`。

### 提交

提交你补全的文件（例如 `{first.module}.py`），或者包含这些函数的笔记本（`.ipynb`），按课程要求上传
（例如 Gradescope）。评分程序会在沙箱中运行更多隐藏测试，按函数给出部分分数和讲解性的反馈；
通过公开测试并不保证满分。

### 题库

{_questions(questions, left_out, "zh")}

---

## English

### What to do

Each exercise has, in `exercises/<exercise>/`, its statement `README.md`, a starter file to complete and
public tests `test_public.py`. Replace only the function bodies; keep the names, the argument order and the
file name. Use NumPy only (the grader has no PyTorch or other framework).

{_table(exercises, "en")}

### Install (seconds: NumPy and pytest only)

Python 3.11 or newer:

    python -m venv .venv
    .venv/bin/pip install --require-hashes -r requirements.txt      # Windows: .venv\\Scripts\\pip ...

`requirements.txt` pins NumPy and pytest, with their hashes, at the versions the grader uses.

### Check your work

    .venv/bin/python check.py {first.name}                       # checks exercises/{first.name}/{first.module}.py
    .venv/bin/python check.py {first.name} my_{first.module}.py              # another file
    .venv/bin/python check.py {first.name} homework.ipynb             # a Jupyter or Colab notebook

`check.py` runs the public tests, sums them up per function, and gives the grader's hints (warnings count
as errors, for one). A notebook is read as the grader reads it: its code cells in order, with magics and
shell commands such as `%matplotlib`, `!pip install` or `%%bash` skipped (and listed), and an error names
its cell (number and first line). Code outside functions (training loops, plots) also runs when grading, and
uses your time: put it under `if __name__ == "__main__":`. Plain `pytest exercises/{first.name}/test_public.py`
works too.

### Submit

Submit your completed file (for example `{first.module}.py`), or a notebook (`.ipynb`) that defines the
functions, where your course collects work (Gradescope, for instance). The grader runs further, hidden
tests in a sandbox and gives partial credit per function with feedback that explains; passing the public
tests does not guarantee full marks.

### Question bank

{_questions(questions, left_out, "en")}
"""
