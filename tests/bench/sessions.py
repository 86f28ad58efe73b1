#!/usr/bin/env python3
"""Live session boards under load (BENCHMARKS.md, issue 19).

Starts `vertelpunt serve` (one or two instances on one database), makes SESSIONS sessions of
TABLES tables with one experience each, joins PER_TABLE participants to every table through the
instances in turn (each opens its table's event stream, as a phone would), and lets every
participant write post-its for SECONDS seconds. Then it checks that every acknowledged post-it is
stored exactly once and reached the stream of every participant of its table, and prints the
delivery latency (p50, p99) and the post-its per second.

    python3 tests/bench/sessions.py --binary target/release/vertelpunt --backend postgres --instances 2
    python3 tests/bench/sessions.py --binary target/release/vertelpunt --backend sqlite

PostgreSQL: a server on 127.0.0.1:5432 where user postgres may create databases (as in CI).
Only the Python standard library is used; all traffic stays on 127.0.0.1.
"""
import argparse
import http.client
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from urllib.parse import urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default="target/release/vertelpunt")
parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
parser.add_argument("--instances", type=int, default=1)
parser.add_argument("--sessions", type=int, default=3)
parser.add_argument("--tables", type=int, default=10, help="tables per session")
parser.add_argument("--per-table", type=int, default=10)
parser.add_argument("--seconds", type=int, default=60)
parser.add_argument("--every", type=float, default=10.0, help="seconds between a participant's post-its")
args = parser.parse_args()
args.binary = os.path.abspath(args.binary)

work = tempfile.mkdtemp(prefix="vertelpunt-bench-")
if args.backend == "postgres":
    name = f"vp_bench_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    database = f"postgres://postgres@127.0.0.1:5432/{name}"
else:
    database = os.path.join(work, "bench.db")
env = dict(os.environ, VERTELPUNT_DATABASE=database, VERTELPUNT_LOG="warn",
           VERTELPUNT_SUBMISSIONS_PER_HOUR="0", VERTELPUNT_WRONG_CODES_PER_HOUR="0")
subprocess.run([args.binary, "migrate"], env=env, check=True, capture_output=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


servers, bases = [], []
# One after the other: each `serve` prepares the database (shipped data) when it starts.
for _ in range(args.instances):
    port = free_port()
    servers.append(subprocess.Popen([args.binary, "serve"], env=dict(env, VERTELPUNT_BIND=f"127.0.0.1:{port}"),
                                    cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    bases.append(("127.0.0.1", port))
    for _ in range(600):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit(f"the server on port {port} did not start")


def request(base, method, path, body=None, headers=None):
    c = http.client.HTTPConnection(*base, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r, data.decode("utf-8", "replace")


def sql(statements):
    if args.backend == "postgres":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc", statements], check=True)
    else:
        db = sqlite3.connect(database)
        db.executescript(statements)
        db.commit()
        db.close()


# One experience (a story sent through the API) on every table.
r, text = request(bases[0], "POST", "/api/v1/collection-points/jeugdhulp/stories",
                  json.dumps({"role": "ouder", "story": "Na maanden wachten kregen we eindelijk hulp."}),
                  {"Content-Type": "application/json"})
assert r.status == 201, text
story = json.loads(text)["id"]
now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
sessions, rows = [], []
for s in range(args.sessions):
    sid, code = str(uuid.uuid4()), "".join("ACDEFGHJKMNPQRTUVWXY3469"[(s * 7 + i * 5) % 24] for i in range(6))
    rows.append(f"INSERT INTO facilitation_sessions (id, title, goal, starts_at, place, mode, status, prompt_form, "
                f"join_code, joining_open, created_at) VALUES ('{sid}', 'Bench {s}', 'Belasting', '{now}', 'hier', "
                f"'live', 'bezig', 'categorieen', '{code}', TRUE, '{now}');")
    tables = []
    for t in range(args.tables):
        tid = str(uuid.uuid4())
        tables.append(tid)
        rows.append(f"INSERT INTO session_tables (id, session_id, position, name, composition) "
                    f"VALUES ('{tid}', '{sid}', {t}, 'Tafel {t}', 'gemengd');")
        rows.append(f"INSERT INTO table_items (table_id, position, kind, ref_id) VALUES ('{tid}', 0, 'verhaal', '{story}');")
    sessions.append((sid, code, tables))
sql("\n".join(rows))

# Participants join through the instances in turn, read their board and open its stream.
participants = []  # (base, cookie, board, csrf, table)
n = 0
for sid, code, tables in sessions:
    for tid in tables:
        for _ in range(args.per_table):
            base = bases[n % len(bases)]
            n += 1
            r, page = request(base, "GET", f"/doe-mee/{code}")
            assert r.status == 200, page[:300]
            token = re.search(r'name="token" value="([^"]+)"', page).group(1)
            body = f"token={token}&tafel={tid}&perspectief=professional&voornaam="
            r, _ = request(base, "POST", f"/doe-mee/{code}", body, {"Content-Type": "application/x-www-form-urlencoded"})
            assert r.status == 303, r.status
            cookie = r.getheader("Set-Cookie").split(";")[0]
            board = urlparse(r.getheader("Location")).path
            r, page = request(base, "GET", board, headers={"Cookie": cookie})
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            participants.append((base, cookie, board, csrf, tid))

received = {}  # text -> list of receive times
lock = threading.Lock()
stop = threading.Event()


def listen(p):
    base, cookie, board, _, _ = p
    c = http.client.HTTPConnection(*base, timeout=args.seconds + 60)
    c.request("GET", f"{board}/stroom", headers={"Cookie": cookie, "Accept": "text/event-stream"})
    r = c.getresponse()
    event = None
    while not stop.is_set():
        line = r.fp.readline()
        if not line:
            break
        line = line.decode().rstrip("\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event == "postit":
            text = json.loads(line[5:])["postit"]["text"]
            with lock:
                received.setdefault(text, []).append(time.time())


listeners = [threading.Thread(target=listen, args=(p,), daemon=True) for p in participants]
for t in listeners:
    t.start()
time.sleep(2)

sent = {}  # text -> (send time, table)
failures = []


def write(group):
    conns = {}
    start = time.time()
    k = 0
    offsets = [i * args.every / len(group) for i in range(len(group))]
    while time.time() - start < args.seconds:
        for (base, cookie, board, csrf, tid), offset in zip(group, offsets):
            due = start + offset + k * args.every
            if due - start >= args.seconds:
                continue
            wait = due - time.time()
            if wait > 0:
                time.sleep(wait)
            text = f"bench {uuid.uuid4().hex}"
            body = f"csrf={csrf}&item=verhaal:{story}&categorie=kansen&tekst={text.replace(' ', '+')}"
            c = conns.get(base) or http.client.HTTPConnection(*base, timeout=30)
            conns[base] = c
            t0 = time.time()
            try:
                c.request("POST", f"{board}/postits", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
                r = c.getresponse()
                r.read()
                if r.status == 303:
                    sent[text] = (t0, tid)
                else:
                    failures.append(r.status)
            except OSError as e:
                failures.append(str(e))
                conns.pop(base, None)
        k += 1


tables_of = {}
for p in participants:
    tables_of.setdefault(p[4], []).append(p)
writers = [threading.Thread(target=write, args=(group,)) for group in tables_of.values()]
began = time.time()
for t in writers:
    t.start()
for t in writers:
    t.join()
elapsed = time.time() - began
time.sleep(3)
stop.set()

if args.backend == "postgres":
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-tAc",
                          "SELECT count(*), count(DISTINCT text) FROM postits WHERE text LIKE 'bench %'"],
                         check=True, capture_output=True, text=True).stdout.strip().split("|")
    stored, distinct = int(out[0]), int(out[1])
else:
    db = sqlite3.connect(database)
    stored, distinct = db.execute("SELECT count(*), count(DISTINCT text) FROM postits WHERE text LIKE 'bench %'").fetchone()
    db.close()

latencies, missing = [], 0
for text, (t0, tid) in sent.items():
    times = received.get(text, [])
    expected = len(tables_of[tid])
    missing += max(0, expected - len(times))
    latencies.extend(t - t0 for t in times)
latencies.sort()
q = lambda f: latencies[min(len(latencies) - 1, int(f * len(latencies)))] * 1000 if latencies else float("nan")
print(f"backend {args.backend}, {args.instances} instance(s), {len(participants)} participants at "
      f"{len(tables_of)} tables in {args.sessions} sessions, {args.seconds} s")
print(f"acknowledged {len(sent)} post-its, stored {stored} ({distinct} distinct), failures {len(failures)}")
print(f"post-its/s {len(sent) / elapsed:.1f}; deliveries {len(latencies)}, missing {missing}")
print(f"delivery latency p50 {q(0.50):.1f} ms, p99 {q(0.99):.1f} ms, max {q(1.0):.1f} ms")

for s in servers:
    s.terminate()
if args.backend == "postgres":
    time.sleep(1)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE {name} WITH (FORCE)"])
ok = stored == len(sent) == distinct and missing == 0 and not failures
sys.exit(0 if ok else 1)
