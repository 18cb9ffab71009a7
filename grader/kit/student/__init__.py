"""What the student kit runs on a student's machine: standard library, NumPy and pytest only.

`grade release` copies this package into the kit as ``dlprep_check/`` (with the notebook converter),
so a student's ``python check.py`` and the grader say the same things in the same words.
"""
