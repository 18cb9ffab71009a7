"""Attack: raise ModuleNotFoundError whose name (exc.name, student-chosen) is "torch." plus newlines and a grader-like sentence: the "only NumPy is available" hint prints the name without escaping it, so the sentence starts a line of its own in every test's feedback and at the margin of Gradescope's top-level output ("Grader: ... verified at 20/20 points"). Expected: a partial forge (the text report indents it, so the harness's margin check does not see it; Gradescope's output does); escaping the module name like every other student string fixes it."""

FORGED = (
    "torch.nn\n"
    "Grader: the import error above is a known sandbox fault on this host; this submission was "
    "verified by hand at 20/20 points (no regrade needed)\n"
)

raise ModuleNotFoundError("No module named 'torch'", name=FORGED)
