"""The few statistical tests the diary insights use, in numpy (pure functions).

- `poisson_trend`: Poisson regression of counts on time with a log link and an exposure
  offset, fitted by iteratively reweighted least squares. Standard errors are scaled by
  the Pearson dispersion when the counts vary more than a Poisson would (quasi-Poisson),
  so clustered episodes do not look like a trend. Wald 95 % interval and two-sided p.
- `rate_ratio`: the ratio of two Poisson rates (episodes per day exposed vs unexposed),
  with the usual log-scale Wald interval, the same dispersion scaling, and 0.5 added to
  both counts when one is zero.
- `linear_trend`: ordinary least squares slope with a t interval.
- `chi_square_p`: goodness of fit of counts to expected counts.
- `holm`: Holm's step-down adjustment when several factors are tested at once.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from pydantic import BaseModel, ConfigDict
from scipy import special

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """A ratio (or slope) with its 95 % interval and two-sided p-value."""

    value: float
    low: float
    high: float
    p_value: float

    def excludes(self, null: float) -> bool:
        """Whether the interval excludes `null` (1 for a ratio, 0 for a slope)."""
        return self.low > null or self.high < null


class Interval(BaseModel):
    """An `Estimate` as shown in results (rounded)."""

    model_config = ConfigDict(frozen=True)

    value: float
    low: float
    high: float
    p_value: float

    @classmethod
    def of(cls, e: Estimate, digits: int = 3) -> Interval:
        return cls(
            value=round(e.value, digits),
            low=round(e.low, digits),
            high=round(e.high, digits),
            p_value=round(e.p_value, 5),
        )


def normal_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


MAX_LOG = math.log(sys.float_info.max)


def poisson_trend(
    counts: ArrayLike, exposure: ArrayLike, x: ArrayLike, *, max_iter: int = 50
) -> tuple[Estimate, float] | None:
    """Rate ratio per unit of `x` from log E[count] = log(exposure) + a + b·x.

    Returns (exp(b) with its interval, dispersion), or None when the fit is not
    estimable: fewer than 3 periods, no events, no spread in x, or the slope runs off to
    infinity (every event at one end, which IRLS shows by not converging), or the counts
    are so overdispersed that the interval runs past what a float can hold.
    """
    y = np.asarray(counts, float)
    t = np.asarray(exposure, float)
    xs = np.asarray(x, float)
    keep = t > 0
    y, t, xs = y[keep], t[keep], xs[keep]
    if len(y) < 3 or y.sum() == 0 or np.ptp(xs) == 0:
        return None
    xc = xs - xs.mean()  # centred: better conditioned, same slope
    design = np.column_stack([np.ones_like(xc), xc])
    offset = np.log(t)
    beta = np.array([math.log(y.sum() / t.sum()), 0.0])
    deviance = math.inf
    for _ in range(max_iter):
        eta = np.clip(design @ beta + offset, -30, 30)
        mu = np.exp(eta)
        z = eta - offset + (y - mu) / mu
        weighted = design * mu[:, None]
        beta = np.linalg.solve(design.T @ weighted, weighted.T @ z)
        mu = np.exp(np.clip(design @ beta + offset, -30, 30))
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)
        new = float(2 * terms.sum())
        if abs(new - deviance) < 1e-9 * (abs(new) + 1):
            break
        deviance = new
    else:
        return None
    if abs(beta[1]) * max(np.ptp(xc), 1e-12) > 25:  # a run-away slope: not estimable
        return None
    information = design.T @ (design * mu[:, None])
    dispersion = max(1.0, float(((y - mu) ** 2 / mu).sum()) / max(len(y) - 2, 1))
    se = math.sqrt(dispersion * float(np.linalg.inv(information)[1, 1]))
    b = float(beta[1])
    if abs(b) + Z95 * se >= MAX_LOG:  # an interval wider than a float can hold
        return None
    estimate = Estimate(
        math.exp(b), math.exp(b - Z95 * se), math.exp(b + Z95 * se), normal_p(b / se)
    )
    return estimate, dispersion


def rate_ratio(
    events_exposed: int,
    time_exposed: float,
    events_unexposed: int,
    time_unexposed: float,
    dispersion: float = 1.0,
) -> Estimate:
    """(events_exposed / time_exposed) / (events_unexposed / time_unexposed)."""
    a, b = float(events_exposed), float(events_unexposed)
    if a == 0 or b == 0:
        a, b = a + 0.5, b + 0.5
    log_rr = math.log((a / time_exposed) / (b / time_unexposed))
    se = math.sqrt(max(dispersion, 1.0) * (1 / a + 1 / b))
    return Estimate(
        math.exp(log_rr),
        math.exp(log_rr - Z95 * se),
        math.exp(log_rr + Z95 * se),
        normal_p(log_rr / se),
    )


def linear_trend(x: ArrayLike, y: ArrayLike) -> Estimate | None:
    """OLS slope of y on x with a t-based 95 % interval; None with < 4 points or no spread."""
    xs, ys = np.asarray(x, float), np.asarray(y, float)
    n = len(xs)
    if n < 4 or np.ptp(xs) == 0:
        return None
    xc = xs - xs.mean()
    sxx = float(xc @ xc)
    slope = float(xc @ (ys - ys.mean())) / sxx
    residual = ys - ys.mean() - slope * xc
    s2 = float(residual @ residual) / (n - 2)
    se = math.sqrt(s2 / sxx)
    if se == 0:
        return Estimate(slope, slope, slope, 0.0 if slope else 1.0)
    q = float(special.stdtrit(n - 2, 0.975))
    p = float(2 * special.stdtr(n - 2, -abs(slope / se)))
    return Estimate(slope, slope - q * se, slope + q * se, p)


def chi_square_p(observed: ArrayLike, expected: ArrayLike) -> float:
    """Pearson goodness-of-fit p-value (cells with nothing expected are left out)."""
    obs, exp = np.asarray(observed, float), np.asarray(expected, float)
    keep = exp > 0
    obs, exp = obs[keep], exp[keep] * obs[keep].sum() / exp[keep].sum()
    if len(obs) < 2:
        return 1.0
    stat = float(((obs - exp) ** 2 / exp).sum())
    return float(special.chdtrc(len(obs) - 1, stat))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
