#!/usr/bin/env python3
"""Independent reference results for the Vertelpunt pattern engine, computed with scipy.

Writes one JSON file per dataset into the output folder (default: ./fixtures): the input data
and what scipy (and plain numpy formulas, where scipy has no function) makes of it. The Rust
test `crates/patterns/tests/crosscheck.rs` reads these files and requires the engine to agree to
1e-9 relative for every deterministic statistic and p-value, and the Monte-Carlo p-value to
agree with the exact permutation p-value within its sampling error.

    python3 analysis/crosscheck/crosscheck.py [--out DIR]

Needs numpy and scipy (pip install numpy scipy). The data are generated from fixed seeds, so the
fixtures only change when scipy's results do.
"""

import argparse
import json
import math
import os

import numpy as np
from scipy import stats


def describe(x):
    x = np.asarray(x, dtype=float)
    return {
        "n": int(x.size),
        "mean": float(np.mean(x)),
        "median": float(np.median(x)),
        "sd": float(np.std(x, ddof=1)),
        "q1": float(np.quantile(x, 0.25)),
        "q3": float(np.quantile(x, 0.75)),
        "skewness": float(stats.skew(x, bias=False)),
        "kurtosis": float(stats.kurtosis(x, fisher=True, bias=False)),
    }


def groups_dataset(name, seed, sizes, shifts, scale=100):
    rng = np.random.default_rng(seed)
    groups = []
    for n, shift in zip(sizes, shifts):
        values = np.clip(np.round(rng.normal(50 + shift, 25, n)), 0, scale).astype(int)
        groups.append(values.tolist())
    h, p = stats.kruskal(*groups)
    total = sum(len(g) for g in groups)
    pairs = []
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            r = stats.mannwhitneyu(
                groups[i], groups[j], alternative="two-sided",
                method="asymptotic", use_continuity=True,
            )
            n1, n2 = len(groups[i]), len(groups[j])
            pairs.append({
                "a": i, "b": j, "u": float(r.statistic), "p": float(r.pvalue),
                "rank_biserial": float(2 * r.statistic / (n1 * n2) - 1),
            })
    return {
        "name": name,
        "kind": "groups",
        "groups": groups,
        "kruskal": {"h": float(h), "p": float(p), "df": len(groups) - 1,
                    "epsilon_squared": float(h / (total - 1))},
        "mann_whitney": pairs,
        "describe": [describe(g) for g in groups],
    }


def correlation_dataset(name, seed, n, strength, missing):
    rng = np.random.default_rng(seed)
    x = np.clip(np.round(rng.normal(50, 25, n)), 0, 100)
    y = np.clip(np.round(50 + strength * (x - 50) + rng.normal(0, 25, n)), 0, 100)
    x_missing = rng.random(n) < missing
    y_missing = rng.random(n) < missing
    keep = ~(x_missing | y_missing)
    rho, p_rho = stats.spearmanr(x[keep], y[keep])
    r, p_r = stats.pearsonr(x[keep], y[keep])
    return {
        "name": name,
        "kind": "correlation",
        "x": [None if m else int(v) for v, m in zip(x, x_missing)],
        "y": [None if m else int(v) for v, m in zip(y, y_missing)],
        "n": int(keep.sum()),
        "spearman": {"rho": float(rho), "p": float(p_rho)},
        "pearson": {"r": float(r), "p": float(p_r)},
    }


def table_dataset(name, table):
    t = np.asarray(table, dtype=float)
    chi2, p, dof, expected = stats.chi2_contingency(t, correction=False)
    n = t.sum()
    r, k = t.shape
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    rcorr = r - (r - 1) ** 2 / (n - 1)
    kcorr = k - (k - 1) ** 2 / (n - 1)
    v = math.sqrt(phi2 / min(kcorr - 1, rcorr - 1))
    row = t.sum(axis=1, keepdims=True) / n
    col = t.sum(axis=0, keepdims=True) / n
    residuals = (t - expected) / np.sqrt(expected * (1 - row) * (1 - col))
    out = {
        "name": name,
        "kind": "table",
        "table": [[int(c) for c in row_] for row_ in table],
        "chi2": float(chi2), "p": float(p), "df": int(dof),
        "cramers_v": float(v),
        "residuals": [float(x) for x in residuals.flatten()],
        "min_expected": float(expected.min()),
    }
    if t.shape == (2, 2):
        out["fisher_p"] = float(stats.fisher_exact(t.astype(int), alternative="two-sided").pvalue)
    return out


def _tables_with_margins(rows, cols):
    """Every table of non-negative integers with these row and column sums."""
    r, c = len(rows), len(cols)

    def fill(i, j, col_left, row_left, cells):
        if i == r:
            yield [cells[k * c:(k + 1) * c] for k in range(r)]
            return
        if j == c - 1:
            x = row_left
            if x <= col_left[j]:
                col_left[j] -= x
                next_row = rows[i + 1] if i + 1 < r else 0
                yield from fill(i + 1, 0, col_left, next_row, cells + [x])
                col_left[j] += x
            return
        for x in range(min(row_left, col_left[j]) + 1):
            col_left[j] -= x
            yield from fill(i, j + 1, col_left, row_left - x, cells + [x])
            col_left[j] += x

    yield from fill(0, 0, list(cols), rows[0], [])


def exact_table_dataset(name, table):
    """The exact permutation p-value of chi-square (all tables with the same margins, each with
    its multivariate hypergeometric probability): what a Monte-Carlo p must converge to."""
    t = np.array(table, dtype=float)
    rows = [int(x) for x in t.sum(axis=1)]
    cols = [int(x) for x in t.sum(axis=0)]
    n = sum(rows)
    expected = np.outer(rows, cols) / n

    def chi2_of(cells):
        a = np.array(cells, dtype=float)
        return float(((a - expected) ** 2 / expected).sum())

    observed = chi2_of(table)
    log_const = sum(math.lgamma(x + 1) for x in rows + cols) - math.lgamma(n + 1)
    p = 0.0
    total = 0.0
    count = 0
    for candidate in _tables_with_margins(rows, cols):
        count += 1
        probability = math.exp(log_const - sum(math.lgamma(x + 1) for row in candidate for x in row))
        total += probability
        if chi2_of(candidate) >= observed - observed * 1e-9:
            p += probability
    assert abs(total - 1.0) < 1e-9, f"{name}: the tables' probabilities sum to {total}"
    return {"name": name, "kind": "monte_carlo", "table": table, "chi2": observed,
            "exact_p": min(p, 1.0), "tables": count}


def keyness_dataset(name, cases):
    results = []
    for a, b, c, d in cases:
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        g2, p = stats.power_divergence([a, b], [e1, e2], lambda_="log-likelihood")
        results.append({"a": a, "b": b, "group_total": c, "rest_total": d,
                        "g2": float(g2), "p": float(p)})
    return {"name": name, "kind": "keyness", "cases": results}


def bh_dataset(name, seed, m):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(0, 1, m - m // 5), rng.uniform(0, 0.001, m // 5)])
    rng.shuffle(p)
    q = stats.false_discovery_control(p, method="bh")
    return {"name": name, "kind": "bh", "p": [float(x) for x in p], "q": [float(x) for x in q]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "fixtures"))
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    datasets = [
        groups_dataset("gehoord-per-gevolg", 1, [60, 85, 110, 70, 45], [-30, -15, 0, 15, 30]),
        groups_dataset("zonder-verschil", 2, [40, 55, 35], [0, 0, 0]),
        groups_dataset("twee-groepen-veel-gelijke-waarden", 3, [120, 90], [5, -5], scale=10),
        correlation_dataset("gehoord-juiste-hulp", 4, 400, 0.6, 0.1),
        correlation_dataset("onafhankelijk", 5, 250, 0.0, 0.2),
        table_dataset("soort-hulp-per-rol", [[40, 25, 10, 5], [20, 30, 35, 15], [10, 12, 30, 40]]),
        table_dataset("gelijk-verdeeld", [[30, 31], [29, 30]]),
        table_dataset("klein-2x2", [[8, 2], [1, 5]]),
        keyness_dataset("woorden", [(100, 50, 10000, 20000), (12, 300, 5000, 90000),
                                    (3, 40, 2000, 30000), (57, 57, 8000, 8000)]),
        bh_dataset("bh-200", 6, 200),
        exact_table_dataset("exact-2x3", [[3, 1, 0], [1, 2, 4]]),
        exact_table_dataset("exact-3x3", [[2, 0, 1], [0, 3, 1], [1, 1, 4]]),
        exact_table_dataset("exact-3x2-zonder-verband", [[3, 3], [2, 2], [4, 3]]),
    ]
    for d in datasets:
        with open(os.path.join(out, d["name"] + ".json"), "w") as f:
            json.dump(d, f, indent=1, sort_keys=True)
            f.write("\n")
    print(f"{len(datasets)} reference datasets written to {out}")


if __name__ == "__main__":
    main()
