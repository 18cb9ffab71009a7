"""Attack: raise an exception whose class name is 6 MB and whose message is megabytes of text, so the grader's JSON report of this one submission grows to hundreds of MB."""

Huge = type("E" * 6_000_000, (Exception,), {"__str__": lambda self: "m" * 3_000_000})


def sigmoid(*args):
    raise Huge()


forward = loss = backward = train_step = sigmoid
