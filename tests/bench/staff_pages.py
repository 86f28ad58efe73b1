#!/usr/bin/env python3
"""Times the staff pages and the aggregates API of a running `vertelpunt serve` (issue 24):
median and p95 of N requests per URL, with 1 client and with 4 clients at once, after one
request that reads the collection point's tally (its time is printed as "first").

    python3 tests/bench/staff_pages.py URL EMAIL PASSWORD API_TOKEN [REQUESTS]

With `--load SECONDS` instead of REQUESTS it keeps 4 clients loading dashboards for that long
(to measure submissions meanwhile, see tests/bench/staff_load.sh) and prints how many pages
they got.
"""
import http.cookiejar
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request

base, email, password, token = sys.argv[1:5]
load_seconds = float(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[5] == "--load" else None
requests = int(sys.argv[5]) if len(sys.argv) > 5 and load_seconds is None else 20


def signed_in():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/inloggen").read().decode()
    login_token = re.search(r'name="token" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {"token": login_token, "email": email, "wachtwoord": password}
    ).encode()
    opener.open(base + "/inloggen", body).read()
    if not any(c.name == "vp_sessie" for c in jar):
        sys.exit("sign-in failed")
    return opener


def fetch(opener, path):
    request = urllib.request.Request(base + path)
    if path.startswith("/api/"):
        request.add_header("Authorization", "Bearer " + token)
    begun = time.perf_counter()
    with opener.open(request) as response:
        response.read()
        status = response.status
    if status != 200:
        sys.exit(f"{path}: {status}")
    return time.perf_counter() - begun


aggregates = "/api/v1/collection-points/jeugdhulp/aggregates"
pages = [
    "/overzicht?punt=jeugdhulp&synthetisch=1",
    "/overzicht?punt=jeugdhulp",
    "/overzicht?punt=jeugdhulp&synthetisch=1&rol=ouder&regio=JR13",
    "/overzicht?punt=jeugdhulp&synthetisch=1&van=2026-10-01&tot=2026-10-31",
    aggregates + "?include_synthetic=true",
    aggregates + "?include_synthetic=true&role=ouder&region=JR13",
    aggregates,
    "/verhalen?punt=jeugdhulp",
    "/verhalen?punt=jeugdhulp&synthetisch=1",
    "/start",
    "/beoordelen",
    "/patronen",
    "/kaarten",
    "/sessies",
    "/voorstellen",
    "/exporteren",
    "/api/v1/pattern-runs",
]

if load_seconds is not None:
    done = [0]
    stop = time.time() + load_seconds

    def load():
        opener = signed_in()
        while time.time() < stop:
            fetch(opener, pages[0])
            done[0] += 1

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{done[0]} dashboards in {load_seconds:.0f} s by 4 clients")
    sys.exit(0)


def ms(seconds):
    return f"{seconds * 1000:8.1f}"


def p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


openers = [signed_in() for _ in range(4)]
print(f"{'URL':66} {'first':>8} {'1: p50':>8} {'p95':>8} {'4: p50':>8} {'p95':>8}   ms")
for path in pages:
    first = fetch(openers[0], path)
    alone = [fetch(openers[0], path) for _ in range(requests)]
    together = []

    def client(opener):
        for _ in range(requests):
            together.append(fetch(opener, path))

    threads = [threading.Thread(target=client, args=(o,)) for o in openers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(
        f"{path:66} {ms(first)} {ms(statistics.median(alone))} {ms(p95(alone))}"
        f" {ms(statistics.median(together))} {ms(p95(together))}"
    )
