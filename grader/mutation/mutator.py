"""Mutants of a single-file NumPy solution: each one small change a student could plausibly make.

Why our own ``ast.NodeTransformer`` and not mutmut or cosmic-ray: both run a test *command* against
mutated files on disk (mutmut 3 also instruments every function with trampolines that import mutmut
at run time, which the sandbox cannot), one process per mutant, and neither knows NumPy's classic
slips (a wrong ``axis``, a dropped ``keepdims``, ``np.max`` for ``np.min``, an in-place ``-=`` on an
argument). Here every mutant is a complete source text, so all of an exercise's mutants go through
one real sandboxed batch (one zygote, one set of reference answers) like any class's submissions.

A mutation site is found by walking the tree in a fixed order; mutant ``k`` re-walks it and changes
only the ``k``-th site, so the numbering is stable and each mutant differs from the original in
exactly one place. Docstrings are never mutated.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["Mutant", "mutants"]


@dataclass(frozen=True)
class Mutant:
    """One changed copy of a source file."""

    number: int
    operator: str  # the kind of change, e.g. "axis", "binop", "in-place"
    line: int
    function: str  # the enclosing top-level function, or "" at module level
    description: str  # what changed, e.g. "axis=1 -> axis=0"
    source: str


BINOP_SWAPS: dict[type[ast.operator], tuple[type[ast.operator], ...]] = {
    ast.Add: (ast.Sub,),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div,),
    ast.Div: (ast.Mult, ast.FloorDiv),
    ast.FloorDiv: (ast.Div,),
    ast.Pow: (ast.Mult,),
    ast.Mod: (ast.FloorDiv,),
}
COMPARE_SWAPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
# Function or method names a slip turns into one another (np.max -> np.min, x.sum() -> x.mean()).
NAME_SWAPS = {
    "max": ("min",),
    "min": ("max",),
    "maximum": ("minimum",),
    "minimum": ("maximum",),
    "amax": ("amin",),
    "amin": ("amax",),
    "argmax": ("argmin",),
    "argmin": ("argmax",),
    "sum": ("mean",),
    "mean": ("sum",),
    "exp": ("expm1",),
    "expm1": ("exp",),
    "log": ("log1p",),
    "log1p": ("log",),
    "ones_like": ("zeros_like",),
    "zeros_like": ("ones_like",),
    "ones": ("zeros",),
    "zeros": ("ones",),
    "tanh": ("sinh",),
    "sqrt": ("square",),
    "square": ("sqrt",),
    "abs": ("negative",),
}
OP_TEXT = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Pow: "**",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}

# Calls whose argument a student may clip "because it saturates anyway" (it rounds 1 − σ(u) to 0).
SATURATING = {"exp", "expm1", "tanh", "sigmoid", "_sigmoid", "softplus", "_softplus", "log1p"}

Change = tuple[str, str, Callable[[], ast.AST]]  # (operator, description, build the replacement node)


def _text(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _constant_changes(node: ast.Constant) -> list[Change]:
    value = node.value
    if isinstance(value, bool):
        return [("constant", f"{value} -> {not value}", lambda: ast.Constant(not value))]
    if isinstance(value, int):
        return [
            ("off-by-one", f"{value} -> {value + 1}", lambda: ast.Constant(value + 1)),
            ("off-by-one", f"{value} -> {value - 1}", lambda: ast.Constant(value - 1)),
        ]
    if isinstance(value, float):
        changes: list[Change] = [
            ("constant", f"{value!r} -> {value + 1.0!r}", lambda: ast.Constant(value + 1.0))
        ]
        if value != 0.0:
            changes.append(("constant", f"{value!r} -> 0.0", lambda: ast.Constant(0.0)))
            changes.append(("constant", f"{value!r} -> {2 * value!r}", lambda: ast.Constant(2 * value)))
        return changes
    return []


def _keyword_changes(call: ast.Call, index: int) -> list[Change]:
    keyword = call.keywords[index]
    if keyword.arg is None:
        return []
    name, value = keyword.arg, keyword.value
    changes: list[Change] = []

    def without() -> ast.AST:
        new = copy.deepcopy(call)
        del new.keywords[index]
        return new

    changes.append(("keyword", f"drop {name}={_text(value)}", without))
    if name == "axis" and isinstance(value, ast.Tuple) and len(value.elts) > 1:
        for i, elt in enumerate(value.elts):

            def drop(i: int = i) -> ast.AST:
                new = copy.deepcopy(call)
                axes = new.keywords[index].value
                assert isinstance(axes, ast.Tuple)
                del axes.elts[i]
                return new

            changes.append(("axis", f"axis {_text(value)} without {_text(elt)}", drop))
    if name == "axis" and isinstance(value, ast.Constant) and isinstance(value.value, int):
        for other in (value.value + 1, value.value - 1, None):

            def set_axis(other: int | None = other) -> ast.AST:
                new = copy.deepcopy(call)
                new.keywords[index].value = ast.Constant(other)
                return new

            changes.append(("axis", f"axis={value.value} -> axis={other}", set_axis))
    return changes


def _call_changes(node: ast.Call) -> list[Change]:
    changes: list[Change] = []
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    for other in NAME_SWAPS.get(name, ()):

        def rename(other: str = other) -> ast.AST:
            new = copy.deepcopy(node)
            if isinstance(new.func, ast.Attribute):
                new.func.attr = other
            elif isinstance(new.func, ast.Name):
                new.func.id = other
            return new

        changes.append(("max-min" if "m" in name[:2] else "function", f"{name}(...) -> {other}(...)", rename))
    if len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args[:2]):

        def swap() -> ast.AST:
            new = copy.deepcopy(node)
            new.args[0], new.args[1] = new.args[1], new.args[0]
            return new

        changes.append(("swap-args", f"swap the first two arguments of {_text(func)}", swap))
    if name == "where" and len(node.args) == 3:

        def branches() -> ast.AST:
            new = copy.deepcopy(node)
            new.args[1], new.args[2] = new.args[2], new.args[1]
            return new

        changes.append(("swap-args", "np.where: swap the two branches", branches))
    if name == "copy" and isinstance(func, ast.Attribute) and not node.args:
        changes.append(
            ("in-place", f"drop .copy() of {_text(func.value)}", lambda: copy.deepcopy(func.value))
        )
    if name in ("array", "asarray", "asanyarray", "copy") and isinstance(func, ast.Attribute) and node.args:
        first = node.args[0]
        if not isinstance(first, ast.Starred):
            changes.append(
                ("in-place", f"{name}({_text(first)}, ...) -> {_text(first)}", lambda: copy.deepcopy(first))
            )
    for index in range(len(node.keywords)):
        changes.extend(_keyword_changes(node, index))
    if len([k for k in node.keywords if k.arg]) >= 2:

        def bare() -> ast.AST:
            new = copy.deepcopy(node)
            new.keywords = [k for k in new.keywords if k.arg is None]
            return new

        changes.append(("keyword", f"drop every keyword of {_text(func)}(...)", bare))
    if name in SATURATING and len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
        arg = node.args[0]

        def clipped() -> ast.AST:
            new = copy.deepcopy(node)
            new.args[0] = ast.Call(
                ast.Attribute(ast.Name("np", ast.Load()), "clip", ast.Load()),
                [copy.deepcopy(arg), ast.Constant(-20.0), ast.Constant(20.0)],
                [],
            )
            return new

        changes.append(("saturation", f"{name}({_text(arg)}) -> {name}(np.clip(..., -20, 20))", clipped))
    return changes


def _binop_changes(node: ast.BinOp) -> list[Change]:
    changes: list[Change] = []
    for other in BINOP_SWAPS.get(type(node.op), ()):

        def swap_op(other: type[ast.operator] = other) -> ast.AST:
            new = copy.deepcopy(node)
            new.op = other()
            return new

        changes.append(("binop", f"{OP_TEXT[type(node.op)]} -> {OP_TEXT[other]} in {_text(node)}", swap_op))
    if isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
        changes.append(
            ("drop-term", f"{_text(node)} -> {_text(node.left)}", lambda: copy.deepcopy(node.left))
        )
    if isinstance(node.op, ast.Add | ast.Mult):
        changes.append(
            ("drop-term", f"{_text(node)} -> {_text(node.right)}", lambda: copy.deepcopy(node.right))
        )
    if isinstance(node.op, ast.MatMult | ast.Sub | ast.Div):

        def operands() -> ast.AST:
            new = copy.deepcopy(node)
            new.left, new.right = new.right, new.left
            return new

        changes.append(("swap-args", f"swap the operands of {_text(node)}", operands))
    return changes


def _compare_changes(node: ast.Compare) -> list[Change]:
    changes: list[Change] = []
    for i, op in enumerate(node.ops):
        for other in COMPARE_SWAPS.get(type(op), ()):

            def swap(i: int = i, other: type[ast.cmpop] = other) -> ast.AST:
                new = copy.deepcopy(node)
                new.ops[i] = other()
                return new

            changes.append(("compare", f"{OP_TEXT[type(op)]} -> {OP_TEXT[other]} in {_text(node)}", swap))
    return changes


def _node_changes(node: ast.AST) -> list[Change]:
    """Every single-node change of ``node`` (replacements of that node in its parent)."""
    if isinstance(node, ast.Constant):
        return _constant_changes(node)
    if isinstance(node, ast.BinOp):
        return _binop_changes(node)
    if isinstance(node, ast.Compare):
        return _compare_changes(node)
    if isinstance(node, ast.Call):
        return _call_changes(node)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
        return [
            (
                "negation",
                f"drop the {'-' if isinstance(node.op, ast.USub) else 'not '} of {_text(node)}",
                lambda: copy.deepcopy(node.operand),
            )
        ]
    if isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And

        def flip() -> ast.AST:
            new = copy.deepcopy(node)
            new.op = other()
            return new

        return [
            (
                "boolop",
                f"{'and' if isinstance(node.op, ast.And) else 'or'} -> {'or' if other is ast.Or else 'and'} in {_text(node)}",
                flip,
            )
        ]
    if isinstance(node, ast.Attribute) and node.attr == "float64":

        def single() -> ast.AST:
            new = copy.deepcopy(node)
            new.attr = "float32"
            return new

        return [("dtype", f"{_text(node)} -> float32", single)]
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return [("transpose", f"drop .T of {_text(node.value)}", lambda: copy.deepcopy(node.value))]
    return []


def _statement_changes(node: ast.stmt) -> list[Change]:
    """Statement-level changes: ``x = x - y`` becomes ``x -= y`` (in place on an argument); the
    parts of a returned tuple swapped."""
    if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
        value = node.value

        def swapped() -> ast.AST:
            new = copy.deepcopy(node)
            assert isinstance(new.value, ast.Tuple)
            new.value.elts[0], new.value.elts[1] = new.value.elts[1], new.value.elts[0]
            return new

        return [("swap-args", f"return {_text(value)}: the first two parts swapped", swapped)]
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.BinOp)
        and isinstance(node.value.left, ast.Name)
        and node.value.left.id == node.targets[0].id
        and not isinstance(node.value.op, ast.MatMult)
    ):
        target, binop = node.targets[0].id, node.value

        def augment() -> ast.AST:
            return ast.AugAssign(
                target=ast.Name(target, ast.Store()),
                op=copy.deepcopy(binop.op),
                value=copy.deepcopy(binop.right),
            )

        return [
            ("in-place", f"{target} = {_text(binop)} -> {target} {OP_TEXT[type(binop.op)]}= ...", augment)
        ]
    return []


def _is_docstring(parent: ast.AST, node: ast.AST) -> bool:
    body = getattr(parent, "body", None)
    return (
        isinstance(body, list)
        and bool(body)
        and body[0] is node
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


Site = tuple[ast.AST, str, int | None, int, str, Change]  # parent, field, index, line, function, change


def _sites(tree: ast.Module) -> Iterator[Site]:
    """Every place a change can be made, in a fixed walk order: inside top-level functions only
    (imports and constants are not where a student's classic mistakes are)."""
    for top in tree.body:
        if isinstance(top, ast.FunctionDef):
            yield from _walk(top, top.name)


def _walk(parent: ast.AST, function: str) -> Iterator[Site]:
    for name, value in ast.iter_fields(parent):
        if isinstance(parent, ast.FunctionDef) and name in ("decorator_list", "returns", "args"):
            continue
        items = value if isinstance(value, list) else [value]
        for index, child in enumerate(items):
            if not isinstance(child, ast.AST) or _is_docstring(parent, child):
                continue
            if isinstance(child, ast.arg) or (isinstance(parent, ast.AnnAssign) and name == "annotation"):
                continue
            where = index if isinstance(value, list) else None
            changes = _statement_changes(child) if isinstance(child, ast.stmt) else _node_changes(child)
            for change in changes:
                yield parent, name, where, getattr(child, "lineno", 0), function, change
            yield from _walk(child, function)


def mutants(source: str) -> list[Mutant]:
    """Every mutant of ``source`` (a module of top-level functions), numbered from 1 in walk order;
    two changes that give the same program are one mutant."""
    original = ast.unparse(ast.parse(source))
    count = sum(1 for _ in _sites(ast.parse(source)))
    unique: dict[str, Mutant] = {}
    for number in range(count):
        tree = ast.parse(source)
        for k, (parent, field, index, line, function, (operator, description, build)) in enumerate(
            _sites(tree)
        ):
            if k != number:
                continue
            replacement = build()
            if index is None:
                setattr(parent, field, replacement)
            else:
                getattr(parent, field)[index] = replacement
            text = ast.unparse(ast.fix_missing_locations(tree))
            if text != original and text not in unique:
                unique[text] = Mutant(len(unique) + 1, operator, line, function, description, text)
            break
    return list(unique.values())
