"""Public tests for exercise_gan. Run from the repository root:

    pytest exercises/exercise_gan/test_public.py

They load ``gan.py`` from the folder this file is in, so they also work when run from inside that folder.
The grader runs further, hidden tests.
"""

import importlib.util
import math
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("gan.py")
    spec = importlib.util.spec_from_file_location("gan", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gan = _load_student_module()

REAL = np.array([1.5, -0.5, 2.0, 0.25])
FAKE = np.array([-1.0, 0.75, -2.5])


def _sigmoid(x):
    # The plain formula: fine for the moderate logits used in these tests.
    return 1.0 / (1.0 + np.exp(-x))


def _central_difference(loss, x, h=1e-6):
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (loss(up) - loss(down)) / (2 * h)
    return numeric


def test_bce_at_zero_logits_is_log_2():
    # σ(0) = 1/2, so every term is log 2 whatever the target.
    loss = gan.bce_with_logits(np.zeros(5), np.array([0.0, 1.0, 0.3, 1.0, 0.0]))
    assert isinstance(loss, float)
    np.testing.assert_allclose(loss, math.log(2.0), rtol=1e-12)


def test_bce_with_soft_targets():
    x, y = np.array([2.0, -1.0]), np.array([0.9, 0.2])
    p = _sigmoid(x)
    want = np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))
    np.testing.assert_allclose(gan.bce_with_logits(x, y), want, rtol=1e-10)


def test_losses_on_moderate_logits():
    d_real, d_fake = _sigmoid(REAL), _sigmoid(FAKE)
    want_d = -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
    np.testing.assert_allclose(gan.discriminator_loss(REAL, FAKE), want_d, rtol=1e-10)
    np.testing.assert_allclose(gan.generator_loss_saturating(FAKE), np.mean(np.log(1 - d_fake)), rtol=1e-10)
    np.testing.assert_allclose(gan.generator_loss_nonsaturating(FAKE), -np.mean(np.log(d_fake)), rtol=1e-10)


def test_discriminator_gradient_matches_central_differences():
    grad_real, grad_fake = gan.discriminator_loss_grad(REAL, FAKE)
    assert grad_real.shape == REAL.shape and grad_fake.shape == FAKE.shape
    numeric_real = _central_difference(lambda r: gan.discriminator_loss(r, FAKE), REAL)
    numeric_fake = _central_difference(lambda f: gan.discriminator_loss(REAL, f), FAKE)
    np.testing.assert_allclose(grad_real, numeric_real, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(grad_fake, numeric_fake, rtol=1e-6, atol=1e-9)


def test_generator_gradients_match_central_differences():
    fake = FAKE.reshape(3, 1)
    for loss, grad in [
        (gan.generator_loss_saturating, gan.generator_loss_saturating_grad),
        (gan.generator_loss_nonsaturating, gan.generator_loss_nonsaturating_grad),
    ]:
        got = grad(fake)
        assert got.shape == fake.shape, f"{grad.__name__} returned shape {got.shape}"
        np.testing.assert_allclose(got, _central_difference(loss, fake), rtol=1e-6, atol=1e-9)


def test_confident_logits_neither_overflow_nor_saturate_to_inf():
    real, fake = np.array([-800.0, 800.0]), np.array([800.0, -800.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        d_loss = gan.discriminator_loss(real, fake)
        g_sat = gan.generator_loss_saturating(fake)
        g_ns = gan.generator_loss_nonsaturating(fake)
        grads = [*gan.discriminator_loss_grad(real, fake), gan.generator_loss_nonsaturating_grad(fake)]
    # A confidently wrong discriminator pays its logit: −log σ(−800) = 800.
    np.testing.assert_allclose(d_loss, 800.0, rtol=1e-12)
    np.testing.assert_allclose(g_sat, -400.0, rtol=1e-12)
    np.testing.assert_allclose(g_ns, 400.0, rtol=1e-12)
    assert all(np.all(np.isfinite(g)) for g in grads)


def test_inputs_are_not_modified():
    real, fake = REAL.copy(), FAKE.copy()
    gan.discriminator_loss_grad(real, fake)
    gan.generator_loss_saturating_grad(fake)
    gan.generator_loss_nonsaturating_grad(fake)
    np.testing.assert_array_equal(real, REAL)
    np.testing.assert_array_equal(fake, FAKE)
