#!/usr/bin/env python3
"""The scipy/pandas side of the benchmark: the same families over the same dataset, written the
way an analyst would in pandas and scipy, timed.

    cargo bench -p vertelpunt-patterns --bench evaluate -- 100000 /tmp/vp-100k.parquet
    python3 analysis/crosscheck/bench.py /tmp/vp-100k.parquet

Needs numpy, scipy, pandas and pyarrow.
"""

import collections
import itertools
import json
import math
import re
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats

MIN_GROUP = 20


def main(path):
    started = time.perf_counter()
    df = pd.read_parquet(path)
    questions = json.load(open(path.rsplit(".", 1)[0] + ".questions.json"))
    loaded = time.perf_counter()
    p_values = []
    numerics, factors, triads = {}, {}, {}
    for q in questions:
        qid, kind = q["id"], q["kind"]
        if kind == "slider":
            numerics[qid] = df[qid]
        elif kind == "scale":
            ids = [o["id"] for o in q["options"]]
            numerics[qid] = df[qid].map({o: i + 1 for i, o in enumerate(ids)})
            factors[qid] = (df[qid], True)
        elif kind == "single_choice":
            factors[qid] = (df[qid], False)
        elif kind == "multiple_choice":
            for o in q["options"]:
                factors[f"{qid}={o['id']}"] = (df[f"{qid}={o['id']}"], False)
        elif kind == "triad":
            shares = df[[f"{qid}:a", f"{qid}:b", f"{qid}:c"]]
            zone = np.where(shares.max(axis=1) >= 60, shares.values.argmax(axis=1),
                            np.where(shares.min(axis=1) < 20, 3 + shares.values.argmin(axis=1), 6))
            triads[qid] = pd.Series(np.where(shares.isna().any(axis=1), np.nan, zone))
    factors["@rol"] = (df["role"], False)
    factors["@regio"] = (df["region"], False)
    day = df["submitted_at"] // 86400

    for name, x in numerics.items():
        x.dropna().describe()
        stats.skew(x.dropna(), bias=False)
        stats.kurtosis(x.dropna(), bias=False)

    def grouped(x, g):
        d = pd.DataFrame({"x": x, "g": g}).dropna()
        groups = [v.values for _, v in d.groupby("g")["x"] if len(v) >= MIN_GROUP]
        if len(groups) < 2:
            return
        if len(groups) > 2:
            p_values.append(stats.kruskal(*groups).pvalue)
        for a, b in itertools.combinations(groups, 2):
            p_values.append(stats.mannwhitneyu(a, b, alternative="two-sided").pvalue)

    def table(a, b):
        t = pd.crosstab(a, b)
        t = t.loc[t.sum(axis=1) >= MIN_GROUP, t.sum(axis=0) >= MIN_GROUP]
        if t.shape[0] >= 2 and t.shape[1] >= 2:
            p_values.append(stats.chi2_contingency(t, correction=False).pvalue)

    for (nid, x), (fid, (g, ordered)) in itertools.product(numerics.items(), factors.items()):
        if nid != fid.split("=")[0] and not (ordered and nid in factors and factors[nid][1]):
            grouped(x, g)
    plain = {k: g for k, (g, ordered) in factors.items() if not ordered}
    for (a, ga), (b, gb) in itertools.combinations(plain.items(), 2):
        if a.split("=")[0] != b.split("=")[0]:
            table(ga, gb)
    names = list(numerics)
    for a, b in itertools.combinations(names, 2):
        if (a in factors) == (b in factors):
            d = pd.DataFrame({"a": numerics[a], "b": numerics[b]}).dropna()
            p_values.append(stats.spearmanr(d["a"], d["b"]).pvalue)
    for tid, zone in triads.items():
        for fid, (g, _) in factors.items():
            table(g, zone)
    for nid, x in numerics.items():
        d = pd.DataFrame({"a": day, "b": x}).dropna()
        p_values.append(stats.spearmanr(d["a"], d["b"]).pvalue)
    for fid, g in plain.items():
        grouped(day, g)

    tokens = [[w for w in re.findall(r"\w+", body.lower()) if len(w) >= 2] for body in df["body"]]
    totals = collections.Counter(itertools.chain.from_iterable(tokens))
    all_total = sum(totals.values())
    groups = [df["role"] == r for r in ("jongere", "ouder", "professional")]
    for qid, (g, ordered) in factors.items():
        if ordered:
            values = [o["id"] for q in questions if q["id"] == qid for o in q["options"]]
            groups += [g == values[0], g == values[-1]]
    for member in groups:
        counts = collections.Counter(itertools.chain.from_iterable(
            t for t, m in zip(tokens, member) if m))
        c = sum(counts.values())
        d_total = all_total - c
        for w, a in counts.items():
            if a >= 10:
                b = totals[w] - a
                e1, e2 = c * (a + b) / all_total, d_total * (a + b) / all_total
                g2 = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0))
                p_values.append(stats.chi2.sf(g2, 1))
    q = stats.false_discovery_control(np.array(p_values), method="bh")
    done = time.perf_counter()
    print(f"{len(df)} stories: read {loaded - started:.2f} s, evaluate {done - loaded:.2f} s, "
          f"{len(p_values)} tests, {(q <= 0.05).sum()} with q <= 0.05")


if __name__ == "__main__":
    main(sys.argv[1])
