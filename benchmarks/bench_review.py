"""``tarjama review`` on a generated 6,000-entry catalog and the largest shared one: how long
the page takes to build (against translate-toolkit's ``pofilter``, the QA report a reviewer
had before, alternating in the same run), how much it weighs, how soon Chromium has it
interactive, and how long a filter over every row takes.

Targets (issue 12): build < 3 s, size < 10 MB, interactive < 2 s, a filter < 200 ms.
Run: ``python benchmarks/bench_review.py [--entries 6000] [--runs 3]``; ``--screenshot
docs/review.png`` also writes the README's picture of the article's page.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gen_po import ensure
from harness import ROOT, tool

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHARED_PO = ROOT.parent / "shared" / "corpus" / "po"
ARTICLE_PO = ROOT / "locales" / "en" / "LC_MESSAGES" / "noonpost-191719.po"

# Each filter the benchmark applies: ticks the boxes, runs the page's own filtering and forces
# the layout that showing the result needs; the time is the page's (performance.now()).
_FILTER = """([name, value]) => {
  const start = performance.now();
  document.querySelectorAll('input[type=checkbox][name]').forEach(box => {
    box.checked = box.name !== name || box.value === value; });
  const shown = window.tarjamaApply();
  document.body.getBoundingClientRect();
  void document.documentElement.offsetHeight;
  return [performance.now() - start, shown];
}"""
_SEARCH = """(query) => {
  const start = performance.now();
  document.getElementById('q').value = query;
  const shown = window.tarjamaApply();
  void document.documentElement.offsetHeight;
  return [performance.now() - start, shown];
}"""


def _timed(command: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _alternate(ours: Sequence[str], rival: Sequence[str], runs: int) -> dict[str, float]:
    """Medians of wall and CPU time, ours and the rival's run alternately after one warm-up."""
    times: dict[str, list[tuple[float, float]]] = {"ours": [], "rival": []}
    for round_number in range(runs + 1):
        for name, command in (("ours", ours), ("rival", rival)):
            measured = _timed(command)
            if round_number:
                times[name].append(measured)
    result = {}
    for name, pairs in times.items():
        result[f"{name}_wall"] = statistics.median(wall for wall, _ in pairs)
        result[f"{name}_cpu"] = statistics.median(cpu for _, cpu in pairs)
    return result


def _review(po: Path, out: Path) -> list[str]:
    return [tool("tarjama"), "review", str(po), "-o", str(out)]


def _thread_time(cdp: Any) -> float:
    """CPU seconds the page's main thread has used (Chromium's Performance metrics): unlike
    wall time, not stretched by other processes on a shared machine."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))


def _screenshot(page_path: Path, out: Path) -> None:
    """The page as it opens, summary and first entries, as the README shows it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1100})
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached")
        page.screenshot(path=str(out))
        browser.close()


def _in_browser(page_path: Path, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    ready: list[float] = []
    ready_cpu: list[float] = []
    filters: list[float] = []
    filter_cpu: list[float] = []
    searches: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            before = _thread_time(cdp)
            start = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="commit")
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
            # Interactive: the script has run and a first frame is painted.
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => done(0)))")
            ready.append(time.perf_counter() - start)
            ready_cpu.append(_thread_time(cdp) - before)
            for name, value in (("status", "fuzzy"), ("severity", "info"),
                                ("status", "untranslated"), ("status", "translated")):
                before = _thread_time(cdp)
                filters.append(page.evaluate(_FILTER, [name, value])[0])
                filter_cpu.append(1000 * (_thread_time(cdp) - before))
            page.evaluate(_FILTER, ["none", ""])  # every box ticked again
            for query in ("الحكومه", "2024", "٢٠٢٤"):
                searches.append(page.evaluate(_SEARCH, query)[0])
            page.close()
        browser.close()
    return {"ready": statistics.median(ready), "ready_cpu": statistics.median(ready_cpu),
            "filter": statistics.median(filters), "filter_max": max(filters),
            "filter_cpu": statistics.median(filter_cpu), "search": statistics.median(searches)}


def _largest_shared() -> Path | None:
    found = sorted(SHARED_PO.glob("*.po"), key=lambda path: path.stat().st_size)
    return found[-1] if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, default=None,
                        help="also write a screenshot of the article's page here")
    parser.add_argument("--only-screenshot", action="store_true",
                        help="write the screenshot and measure nothing")
    args = parser.parse_args()
    inputs = [(f"generated {args.entries} entries", ensure(args.entries))]
    shared = _largest_shared()
    if shared is not None:
        inputs.append((f"shared {shared.name}", shared))
    if args.only_screenshot:
        inputs = []
    print(f"# tarjama review: median of {args.runs}, alternating with pofilter; "
          f"{time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, po in inputs:
            out = Path(tmp) / "review.html"
            build = _alternate(_review(po, out),
                               [tool("pofilter"), str(po), str(Path(tmp) / "pofilter.po")],
                               args.runs)
            size = out.stat().st_size / 1e6
            browser = _in_browser(out, args.runs)
            ratio = build["rival_cpu"] / build["ours_cpu"]
            print(f"build {name}: tarjama review {build['ours_wall']:.2f} s wall, "
                  f"{build['ours_cpu']:.2f} s CPU | pofilter {build['rival_wall']:.2f} s wall, "
                  f"{build['rival_cpu']:.2f} s CPU | ratio {ratio:.1f}x CPU")
            print(f"  {name}: {size:.2f} MB; interactive in Chromium {browser['ready']:.2f} s "
                  f"wall ({browser['ready_cpu']:.2f} s main-thread CPU); filter "
                  f"{browser['filter']:.0f} ms wall (slowest {browser['filter_max']:.0f} ms, "
                  f"{browser['filter_cpu']:.0f} ms CPU); search {browser['search']:.0f} ms")
        if args.screenshot is not None:
            out = Path(tmp) / "article.html"
            # From the repository's root, so that the page names the files as a user would.
            subprocess.run([tool("tarjama"), "review", str(ARTICLE_PO.relative_to(ROOT)),
                            "--glossary", "locales/glossary.ar-en.csv", "--title",
                            "Noon Post 191719 (ar → en)", "-o", str(out)],
                           check=True, capture_output=True, cwd=ROOT)
            _screenshot(out, args.screenshot.resolve())
            print(f"  screenshot: {args.screenshot}")


if __name__ == "__main__":
    main()
