#!/usr/bin/env python3
"""Writes N complete, valid story-form submissions (one urlencoded body per line) for the load
test, each with its own story id and a form token signed with the server's key, exactly as the
form page would hand them out. Usage: make_bodies.py DATABASE N OUT (DATABASE: a SQLite file
or a postgres:// URL)"""
import base64, hashlib, hmac, random, sqlite3, sys, time, urllib.parse, uuid

db, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if db.startswith("postgres"):
    import subprocess
    key = subprocess.run(
        ["psql", db, "-Atc", "select value from app_secrets where name = 'form-token-key'"],
        check=True, capture_output=True, text=True).stdout.strip().encode()
else:
    key = sqlite3.connect(db).execute(
        "select value from app_secrets where name = 'form-token-key'").fetchone()[0].encode()

def token(subject: str, issued: int) -> str:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in (b"story", subject.encode(), str(issued).encode()):
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return f"{issued}." + base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()

rng = random.Random(7)
words = ("de hulpverlener luisterde goed maar het duurde erg lang voordat er iets gebeurde "
         "en wij wisten niet waar we aan toe waren met ons kind op school en thuis").split()
issued = int(time.time())
with open(out, "w") as f:
    for i in range(n):
        sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        a = rng.randint(0, 100); b = rng.randint(0, 100 - a)
        fields = [
            ("rol", rng.choice(["jongere", "ouder", "professional"])), ("lang", "nl"), ("bron", "bench"),
            ("id", sid), ("token", token(f"jeugdhulp:{sid}", issued)), ("website", ""),
            ("verhaal", " ".join(rng.choice(words) for _ in range(rng.randint(20, 120)))),
            ("q.gevolgen", str(rng.randint(1, 5))), ("q.gehoord", str(rng.randint(0, 100))),
            ("q.juiste_hulp", str(rng.randint(0, 100))), ("q.op_tijd", str(rng.randint(0, 100))),
            ("q.duidelijkheid", str(rng.randint(0, 100))), ("q.zeggenschap.nvt", "1"),
            ("q.belangrijk.a", str(a)), ("q.belangrijk.b", str(b)), ("q.belangrijk.c", str(100 - a - b)),
            ("q.gevoel", rng.choice(["boos", "machteloos", "opgelucht", "blij"])),
            ("q.wie_hielp", "wijkteam"), ("q.wie_hielp", "school"),
            ("q.soort_hulp", "jeugd_ggz"), ("q.regio", f"JR{rng.randint(1, 42):02d}"), ("q.meta", "4"),
        ]
        f.write(urllib.parse.urlencode(fields) + "\n")
