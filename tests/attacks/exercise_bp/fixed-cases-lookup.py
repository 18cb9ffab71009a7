"""Attack: the hidden tests' stability cases (the 0-d sigmoid input, the |u| up to 1000 array, both ±700 networks) are the same in every run whatever --seed draws, so a submission that implements nothing carries their answers as constants, looks its inputs up by hash and returns zeros or its inputs elsewhere: it collects those 8 cases, then every "leaves its inputs unchanged" and the "consistent with your backward" credit they unlock (about 7.3 of 20 against the starter's 0). A correct grader draws those cases afresh too (or perturbs them per seed) so that no constant answers them."""

import hashlib

import numpy as np

# The reference's answers for the cases that never change, keyed by a hash of their arguments
# (computed once, offline, from solutions/exercise_bp/reference.py; no arithmetic of ours below).
ANSWERS = {
    # sigmoid: a 0-d array
    ('sigmoid', '633938f09cacdbde'): np.array(0.6681877721681662),
    # sigmoid: |u| up to 1000 (stability)
    ('sigmoid', '2f86e57b26e596da'): np.array([0.0, 0.0, 0.0, 9.357622968839299e-14, 0.5, 0.9999999999999065, 1.0, 1.0, 1.0]),
    # forward: pre-activations of ±700 and more
    ('forward', '35ec4c1d5065319e'): (np.array([[1.0, 0.0, 0.8581489350995123], [0.0, 1.0, 0.12455335818741645], [0.0, 1.0, 0.23147521650098238]]), np.array([[0.0], [1.0], [1.0]])),
    # forward: hidden pre-activations of ±700 and more
    ('forward', '8d3dcf33e596086a'): (np.array([[1.0, 0.0, 0.8581489350995123], [0.0, 1.0, 0.12455335818741645], [0.0, 1.0, 0.23147521650098238]]), np.array([[0.40148155636940674], [0.6194436205805633], [0.6369227260560267]])),
    # backward: pre-activations of ±700 and more
    ('backward', '0b2e035c15e16893'): {'W1': np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]), 'b1': np.array([0.0, 0.0, 0.0]), 'W2': np.array([[0.0], [0.0], [0.0]]), 'b2': np.array([0.0])},
    # backward: hidden pre-activations of ±700 and more
    ('backward', '273a557360f13839'): {'W1': np.array([[0.0, 0.0, -0.011515445386840933], [0.0, 0.0, 0.009885570548755607]]), 'b1': np.array([0.0, 0.0, 0.0009445314363654268]), 'W2': np.array([[-0.047940153493426854], [0.05922903911431233], [-0.03263410287860172]]), 'b2': np.array([0.011288885620885475])},
    # train_step: pre-activations of ±700 and more
    ('train_step', 'fe9d58bdec77897b'): (np.array([[800.0, -750.0, 1.0], [-900.0, 720.0, -0.5]]), np.array([10.0, -20.0, 0.3]), np.array([[-760.0], [705.0], [0.7]]), np.array([-0.2])),
    # train_step: hidden pre-activations of ±700 and more
    ('train_step', '366ce3278aed0faf'): (np.array([[800.0, -750.0, 1.0057577226934205], [-900.0, 720.0, -0.5049427852743777]]), np.array([10.0, -20.0, 0.2995277342818173]), np.array([[-0.7760299232532866], [0.5703854804428438], [0.7163170514393008]]), np.array([-0.20564444281044275])),
}


def _key(args):
    raw = b"".join(np.ascontiguousarray(a, dtype=np.float64).tobytes() for a in args)
    return hashlib.sha256(raw).hexdigest()[:16]


def _copy(value):
    if isinstance(value, dict):
        return {k: v.copy() for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(v.copy() for v in value)
    return value.copy()


def _known(function, args):
    found = ANSWERS.get((function, _key(args)))
    return None if found is None else _copy(found)


def sigmoid(u):
    found = _known("sigmoid", (u,))
    return found if found is not None else np.zeros_like(u, dtype=np.float64)


def forward(X, W1, b1, W2, b2):
    found = _known("forward", (X, W1, b1, W2, b2))
    if found is not None:
        return found
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    found = _known("backward", (X, R, W1, b1, W2, b2))
    if found is not None:
        return found
    return {"W1": np.zeros_like(W1), "b1": np.zeros_like(b1), "W2": np.zeros_like(W2), "b2": np.zeros_like(b2)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    found = _known("train_step", (X, R, W1, b1, W2, b2, np.float64(alpha)))
    if found is not None:
        return found
    return W1.copy(), b1.copy(), W2.copy(), b2.copy()  # params - alpha * (our own zero backward)
