"""Surviving mutants shown equivalent to the model solution, each with the reason.

A rule names the exercise (or ``*``), the function (or ``*``) and a pattern of the mutator's
description of the change. A survivor counts as equivalent only when a rule explains it *and* the
runner's differential check (the hidden inputs plus redrawn variants, answers and arguments after
the call compared with the solution's) finds no difference; anything else is a gap in the hidden
tests and gets a case instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RULES", "Rule", "reason_for"]


@dataclass(frozen=True)
class Rule:
    exercise: str
    function: str
    pattern: str
    reason: str


FLOAT64 = (
    "the statement passes float64 arrays (and float64 masks, gradients and states): converting them to "
    "float64 again gives the same values, and nothing later writes into them"
)
RULES = (
    # Conversions of inputs that already are what the statement promises.
    Rule("*", "*", r"^(asarray|array)\(.*\) -> ", FLOAT64),
    Rule("*", "*", r"^drop dtype=np\.float64$", FLOAT64),
    Rule(
        "*",
        "*",
        r"^drop copy=True$",
        "the copy is returned or only read, never written into (the result is the same numbers)",
    ),
    Rule(
        "exercise_optim",
        "_momentum_buffer",
        r"^True -> False$",
        "np.array(grad, copy=False) of a float64 array: only read, never written into",
    ),
    Rule(
        "*",
        "*",
        r"^drop under='ignore'$",
        "NumPy ignores underflow by default (np.geterr()['under'] == 'ignore'), so the errstate changes nothing",
    ),
    # Commutative or symmetric operations.
    Rule(
        "*",
        "*",
        r"^swap the first two arguments of (np\.)?(maximum|minimum|min|max)$",
        "maximum and minimum are symmetric in their two arguments",
    ),
    Rule("exercise_bp", "loss", r"^swap the operands of R - Y$", "(Y − R)² = (R − Y)²"),
    Rule(
        "exercise_activations",
        "relu_grad",
        r"^swap the first two arguments of np\.where$",
        "np.where(1.0, x > 0, 0.0) is the mask x > 0 promoted to float64: the same 0/1 array",
    ),
    # A comparison moved onto a point where both branches agree.
    Rule("*", "(sigmoid|_sigmoid)", r"^>= -> > in \w+ >= 0$", "at 0 both branches give 1/(1 + 1) = 1/2"),
    Rule(
        "exercise_activations",
        "(relu|leaky_relu|elu)",
        r"^> -> >= in x > 0$",
        "at x = 0 both branches give 0 (x, slope·0, α(e⁰ − 1))",
    ),
    Rule(
        "exercise_activations",
        "(elu|elu_grad)",
        r"^0\.0 -> 1\.0$",
        "np.minimum(x, 1.0) only differs from np.minimum(x, 0.0) where x > 0, and np.where takes the other branch there",
    ),
    # Values computed but never used.
    Rule(
        "exercise_vanishing",
        "layer_gradients",
        r"^(< -> <= in layer < depth - 1|- -> \+ in depth - 1|depth - 1 -> depth|1 -> 0)$",
        "only changes whether the activation after the last layer is computed; it is never used",
    ),
    Rule(
        "exercise_vanishing",
        "layer_gradients",
        r"^(> -> >= in layer > 0|0 -> -1)$",
        "only adds a delta below the first layer (from pre[-1]); it is never used",
    ),
    Rule(
        "exercise_conv_backward",
        "_pads",
        r"^(0 -> 1|- -> \+ in span - span // 2|span - span // 2 -> span|2 -> 3)$",
        "only adds zeros after the last row or column: the taps stop where grad_out's shape says, so they are never read, and grad_input's final slice cuts them off",
    ),
    Rule(
        "exercise_conv_backward",
        "conv2d_grad_input",
        r"^drop \.copy\(\) of ",
        "a view of the padded buffer holds the same numbers (the answer leaves the process as a copy)",
    ),
    Rule(
        "exercise_conv_backward",
        "conv2d_grad_weight",
        r"^zeros\(\.\.\.\) -> ones\(\.\.\.\)$",
        "every entry grad[:, :, p, q] is assigned (not added to) once, so the initial values are overwritten",
    ),
    Rule(
        "exercise_conv",
        "conv2d",
        r"^1 -> 2$",
        "b.reshape(1, -2, 1, 1): NumPy takes any negative size as the one it infers, like -1",
    ),
    Rule(
        "exercise_regularization",
        "_smoothed_targets",
        r"^0 -> -1$",
        "targets is one-dimensional (N,), so targets.shape[-1] is targets.shape[0]",
    ),
    Rule(
        "exercise_regularization",
        "dropout",
        r"^array\(x, \.\.\.\) -> x$",
        "in evaluation the answer is x itself, as torch's F.dropout(training=False) returns it",
    ),
    Rule(
        "*",
        "*",
        r"^tanh\(.*\) -> tanh\(np\.clip\(\.\.\., -20, 20\)\)$",
        "tanh(x) is exactly ±1.0 in float64 for |x| > 19.1, so clipping x to ±20 gives the same numbers",
    ),
    Rule(
        "*",
        "*",
        r"^log1p\(np\.exp\(-np\.abs\(\w+\)\)\) -> log1p\(np\.clip",
        "exp(−|x|) lies in (0, 1], so clipping it to [−20, 20] changes nothing",
    ),
    Rule(
        "exercise_activations",
        "elu",
        r"^expm1\(np\.minimum\(x, 0\.0\)\) -> expm1\(np\.clip",
        "within the tolerance for every input (not exactly equal): for x < −20, expm1(−20) and expm1(x) "
        "differ by less than e^−20 ≈ 2e−9 relative to |α·expm1(x)| ≥ 0.99999·α, far below rtol 1e−6",
    ),
    Rule(
        "exercise_optim",
        "_momentum_buffer",
        r"^drop every keyword of np\.array\(\.\.\.\)$",
        "np.array(grad) already copies and keeps float64: dtype=np.float64 and copy=True change nothing",
    ),
    Rule(
        "exercise_optim",
        "_previous",
        r"^np\.float64 -> float32$",
        "only the zeros before the first step become float32: zeros are exact, and the first sum with the "
        "float64 gradient is float64 again (the float32 conversion of a given state is killed)",
    ),
    Rule(
        "exercise_vanishing",
        "layer_gradients",
        r"^np\.float64 -> float32$",
        "the ReLU slope is a 0/1 mask: exact in float32, and its product with the float64 delta is float64",
    ),
)


def reason_for(exercise: str, function: str, description: str) -> str:
    """The documented reason a mutant is equivalent, or '' when no rule explains it."""
    for rule in RULES:
        if (
            rule.exercise in ("*", exercise)
            and (rule.function == "*" or re.fullmatch(rule.function, function))
            and re.search(rule.pattern, description)
        ):
            return rule.reason
    return ""
