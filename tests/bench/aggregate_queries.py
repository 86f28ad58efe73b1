#!/usr/bin/env python3
"""Times the answer queries of the dashboard and the aggregates API (`aggregates::count` in
crates/store) on a SQLite database made by `vertelpunt seed-demo`, with every filter absent as
the app binds it (`… OR 1`), and prints each query's plan. Issue 24.

    VERTELPUNT_DATABASE=sqlite:/tmp/vp.db vertelpunt seed-demo --stories 100000 --quiet
    python3 tests/bench/aggregate_queries.py /tmp/vp.db
"""
import sqlite3
import statistics
import sys
import time

db = sqlite3.connect(sys.argv[1])
point = db.execute("SELECT id FROM collection_points WHERE slug = 'jeugdhulp'").fetchone()[0]
stories, answers = (db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("stories", "answers"))
selected = f"""SELECT stories.id FROM stories WHERE stories.collection_point_id = '{point}'
  AND stories.withdrawn_at IS NULL AND (stories.synthetic = 0 OR 1) AND (stories.role = '' OR 1)
  AND (stories.region_code = '' OR 1) AND (stories.region_code IN ('') OR 1)
  AND (stories.channel_id = '' OR 1) AND (stories.submitted_at >= '1970-01-01' OR 1)
  AND (stories.submitted_at < '1970-01-01' OR 1)"""
queries = {
    "per question": f"SELECT question_id, not_applicable, count(*) FROM answers WHERE story_id IN ({selected}) GROUP BY 1, 2",
    "single choice": f"SELECT question_id, option_value, count(*) FROM answers WHERE story_id IN ({selected}) AND option_value IS NOT NULL GROUP BY 1, 2",
    "multiple choice": f"SELECT a.question_id, o.option_id, count(*) FROM answer_options o JOIN answers a ON a.id = o.answer_id WHERE a.story_id IN ({selected}) GROUP BY 1, 2",
    "slider values": f"SELECT question_id, number_value, count(*) FROM answers WHERE story_id IN ({selected}) AND kind = 'slider' AND not_applicable = 0 GROUP BY 1, 2",
    "means": f"SELECT question_id, avg(number_value), avg(triad_a), avg(triad_b), avg(triad_c) FROM answers WHERE story_id IN ({selected}) AND not_applicable = 0 AND kind IN ('slider', 'scale', 'triad') GROUP BY 1",
}
print(f"{stories} stories, {answers} answers; median of 5 runs")
for name, sql in queries.items():
    times = []
    for _ in range(5):
        begun = time.perf_counter()
        db.execute(sql).fetchall()
        times.append(time.perf_counter() - begun)
    plan = " / ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
    print(f"{name:16} {statistics.median(times):6.2f} s   {plan}")
