"""The shakewise model expressed in pgmpy: the reference for correctness and speed."""

from __future__ import annotations

import numpy as np
from pgmpy.factors.discrete import TabularCPD
from pgmpy.inference import VariableElimination
from pgmpy.models import DiscreteBayesianNetwork

from shakewise.engine.model import NO, YES, Evidence, Floats, Model


def pgmpy_network(model: Model) -> DiscreteBayesianNetwork:
    """Cause → every finding, with the same priors and leak-filled likelihoods."""
    findings = [f"f{j}" for j in range(len(model.finding_ids))]
    net = DiscreteBayesianNetwork([("cause", f) for f in findings])
    prior = np.exp(model.log_prior)
    net.add_cpds(TabularCPD("cause", len(prior), prior.reshape(-1, 1)))
    for j, f in enumerate(findings):
        p = model.p_yes[:, j]
        net.add_cpds(
            TabularCPD(f, 2, np.vstack([1 - p, p]), evidence=["cause"], evidence_card=[len(p)])
        )
    return net


def pgmpy_posterior(
    model: Model, evidence: Evidence, engine: VariableElimination | None = None
) -> Floats:
    engine = engine or VariableElimination(pgmpy_network(model))
    given = {f"f{j}": 1 for j in np.flatnonzero(evidence == YES)}
    given |= {f"f{j}": 0 for j in np.flatnonzero(evidence == NO)}
    result = engine.query(["cause"], evidence=given, show_progress=False)
    values: Floats = np.asarray(result.values, dtype=np.float64)
    return values
