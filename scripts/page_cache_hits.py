"""The page cache's hit rate under a loop of GETs, e.g. while the task worker drains its queue
after `make run`:

    python scripts/page_cache_hits.py --base http://127.0.0.1:8000 --seconds 120

Each page is asked for in turn, without cookies, as an anonymous visitor; the X-Page-Cache
header says "hit" or "miss". Prints the hit rate per interval and overall.
"""

import argparse
import time
import urllib.request

PAGES = [
    "/sv/",
    "/ar/",
    "/en/",
    "/sv/bilder/",
    "/ti/bilder/",
    "/sv/ord/",
    "/sv/fran-nyanland-till-nyanstalld/",
    "/ar/fran-nyanland-till-nyanstalld/",
]


def fetch(base: str, path: str) -> str:
    headers = {"User-Agent": "page-cache-hits"}
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - our URL
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our URL
            response.read()
            return response.headers.get("X-Page-Cache", "none")
    except OSError:
        return "error"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--interval", type=float, default=20)
    arguments = parser.parse_args()
    started = time.monotonic()
    totals: dict[str, int] = {}
    window: dict[str, int] = {}
    window_started = started
    index = 0
    while time.monotonic() - started < arguments.seconds:
        status = fetch(arguments.base, PAGES[index % len(PAGES)])
        index += 1
        for counts in (totals, window):
            counts[status] = counts.get(status, 0) + 1
        if time.monotonic() - window_started >= arguments.interval:
            print(report(time.monotonic() - started, window), flush=True)
            window, window_started = {}, time.monotonic()
    print("overall:", report(time.monotonic() - started, totals), flush=True)


def report(elapsed: float, counts: dict[str, int]) -> str:
    cached = counts.get("hit", 0) + counts.get("miss", 0)
    rate = counts.get("hit", 0) / cached if cached else 0.0
    details = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    return f"{elapsed:6.0f} s  hit rate {rate:6.1%}  ({details})"


if __name__ == "__main__":
    main()
