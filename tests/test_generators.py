"""Every generator family agrees with PyTorch for any seed, and known values come out right."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlprep.errors import GeneratorError
from dlprep.generators import REGISTRY, draw_params
from dlprep.verify.references import DEFAULT_TOLERANCE, REFERENCES, TOLERANCES, reference_answer


def test_every_family_has_a_pytorch_reference() -> None:
    assert set(REGISTRY) == set(REFERENCES)
    assert len(REGISTRY) >= 10


@pytest.mark.parametrize("name", sorted(REGISTRY))
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_family_matches_pytorch_for_any_seed(name: str, seed: int) -> None:
    family = REGISTRY[name]
    params, answer = draw_params(family, {}, random.Random(seed))
    assert set(params) == set(family.params)
    rel, abs_ = TOLERANCES.get(name, DEFAULT_TOLERANCE)
    assert math.isclose(answer, reference_answer(name, params), rel_tol=rel, abs_tol=abs_), params


def answer(name: str, **fixed: object) -> float:
    return draw_params(REGISTRY[name], fixed, random.Random(0))[1]


def test_the_notes_kl_example_is_not_036() -> None:
    nats = answer("kl_divergence", P=[0.5, 0.5], Q=[0.9, 0.1], base="e")
    bits = answer("kl_divergence", P=[0.5, 0.5], Q=[0.9, 0.1], base="2")
    assert round(nats, 3) == 0.511 and round(bits, 3) == 0.737


def test_tanh_is_two_sigmoid_of_2x_minus_one() -> None:
    for x in (-2.5, -0.3, 0.7, 3.0):
        tanh = answer("activation_value", fn="tanh", x=x, a=1.0)
        sig2x = answer("activation_value", fn="sigmoid", x=2 * x, a=1.0)
        sigx = answer("activation_value", fn="sigmoid", x=x, a=1.0)
        assert math.isclose(tanh, 2 * sig2x - 1, abs_tol=1e-12)
        assert not math.isclose(tanh, 2 * sigx - 1, abs_tol=1e-3)


def test_sigmoid_derivative_peaks_at_a_quarter() -> None:
    assert answer("activation_derivative", fn="sigmoid", x=0, a=1.0) == 0.25


def test_known_sizes_and_counts() -> None:
    assert answer("conv_output_size", W=32, k=3, s=1, p=1, d=1) == 32
    assert answer("conv_output_size", W=7, k=3, s=2, p=0, d=2) == 2
    assert answer("conv_param_count", k=3, c_in=3, c_out=64, bias=True) == 1792
    assert answer("pool_output_size", W=224, k=2, s=2, p=0) == 112
    assert answer("rnn_param_count", cell="lstm", input_size=10, hidden_size=20) == 4 * (20 * 30 + 40)
    assert answer("receptive_field", layers=[[3, 1], [3, 1], [3, 1]]) == 7


def test_fixed_parameters_that_cannot_work_are_a_clear_error() -> None:
    with pytest.raises(GeneratorError, match="dilated kernel"):
        answer("conv_output_size", W=3, k=9, s=1, p=0, d=1)
    with pytest.raises(GeneratorError, match="has no parameter 'width'"):
        answer("conv_output_size", width=3)


def test_a_relu_derivative_at_its_kink_is_refused() -> None:
    with pytest.raises(GeneratorError, match="no derivative at 0"):
        answer("activation_derivative", fn="relu", x=0, a=1.0)


def test_drawn_parameters_fit_the_fixed_ones() -> None:
    slopes = {
        draw_params(REGISTRY["activation_value"], {"fn": "leaky_relu"}, random.Random(s))[0]["a"]
        for s in range(50)
    }
    assert slopes <= {0.01, 0.1, 0.2}
    adam = [draw_params(REGISTRY["optimizer_steps"], {"opt": "adam"}, random.Random(s))[0] for s in range(30)]
    assert all(p["eps"] == 1e-8 and p["lr"] <= 0.1 for p in adam)
    adagrad = draw_params(REGISTRY["optimizer_steps"], {"opt": "adagrad"}, random.Random(0))[0]
    assert adagrad["eps"] == 1e-10


def test_a_number_yaml_read_as_text_gets_a_clear_error() -> None:
    with pytest.raises(GeneratorError, match="write it with a dot"):
        answer("optimizer_steps", opt="adam", eps="1e-8")
