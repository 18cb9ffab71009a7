# corpus: hostile
# what: looks for the model solution and the reference (relative paths, /work/main, every parent folder) and delegates to them; zeros otherwise
# loses: conv_output_size, conv_param_count, conv2d, maxpool2d
# expect: failed
"""Steals the model solution if the sandbox lets it; without one every answer is zero."""

import contextlib
from pathlib import Path

import numpy as np

FUNCS = ("conv_output_size", "conv_param_count", "conv2d", "maxpool2d")


def _candidates():
    here = Path(__file__).resolve()
    for name in ("solution.py", "reference.py"):
        yield Path.cwd() / "../../solutions/exercise_conv" / name
        yield Path("/work/main/solutions/exercise_conv") / name
        for parent in here.parents:
            yield parent / "solutions" / "exercise_conv" / name


def _steal():
    for path in _candidates():
        stolen = {"__name__": "stolen", "__file__": str(path)}
        with contextlib.suppress(Exception, SystemExit):
            exec(compile(path.read_text(), str(path), "exec"), stolen)
            if all(callable(stolen.get(name)) for name in FUNCS):
                return stolen
    return None


_STOLEN = _steal()


def conv_output_size(n, k, stride, padding, dilation):
    return _STOLEN["conv_output_size"](n, k, stride, padding, dilation) if _STOLEN else 0


def conv_param_count(c_in, c_out, kh, kw, bias, groups):
    return _STOLEN["conv_param_count"](c_in, c_out, kh, kw, bias, groups) if _STOLEN else 0


def conv2d(x, w, b, stride, padding, dilation):
    if _STOLEN:
        return _STOLEN["conv2d"](x, w, b, stride, padding, dilation)
    return np.zeros((x.shape[0], w.shape[0], x.shape[2], x.shape[3]))


def maxpool2d(x, kernel_size, stride, padding):
    if _STOLEN:
        return _STOLEN["maxpool2d"](x, kernel_size, stride, padding)
    return np.zeros(x.shape)
