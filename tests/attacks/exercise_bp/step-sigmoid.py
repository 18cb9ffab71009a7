"""Attack: a step function for sigmoid (0 below zero, ½ at zero, 1 above) and nothing else: the stability case's inputs (0, ±30, ±710, ±745, ±1000) all sit where σ is within atol 1e-9 of 0, ½ or 1 (σ(30) = 1 − 9.4e-14), so the step passes it and that pass credits "leaves its inputs unchanged" too: 0.67/20 against the starter's 0 with no exp() anywhere. A correct grader puts values of σ away from 0, ½ and 1 into every case that pays (|u| of a few units next to the extremes), or counts a case that a constant-per-sign answer passes as free."""

import numpy as np


def sigmoid(u):
    return np.heaviside(u, 0.5).astype(np.float64)
