"""The review page in a real browser: Debian's Chromium driven by Playwright.

One browser for the module, one page per catalog reused by the tests: direction of the cells,
placeholders keeping their logical place in right-to-left text, filters against the command
line's reports, the folding search, keyboard moves, hostile entries, no network, screenshots.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, LOCALES, need_shared, run_tarjama
from review_helpers import expected_counts, hostile_po
from tarjama.memory import fold

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTICLE_PO = LOCALES / "en" / "LC_MESSAGES" / "noonpost-191719.po"
GLOSSARY = LOCALES / "glossary.ar-en.csv"


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _unavailable()
    if reason is not None:
        if os.environ.get("TARJAMA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} and TARJAMA_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A review page open in the browser, with what it asked of the network and said."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.path = path
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.console.append(f"error: {error}"))
        self.aborted: list[str] = []
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", state="attached")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        if route.request.url == self.path.as_uri():
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort()

    def shown(self) -> int:
        return int(self.page.get_attribute("#shown", "data-shown"))

    def only(self, name: str, value: str) -> int:
        """Tick ``value`` alone among the ``name`` boxes (all boxes for the others)."""
        self.page.evaluate(
            """([name, value]) => {
                document.querySelectorAll('input[type=checkbox][name]').forEach(box => {
                    box.checked = box.name !== name || box.value === value; });
                document.querySelector('input[name=' + name + ']')
                    .dispatchEvent(new Event('change'));
            }""", [name, value])
        return self.shown()

    def reset(self) -> None:
        self.page.evaluate(
            """() => { document.querySelectorAll('input[type=checkbox][name]')
                .forEach(box => { box.checked = true; });
                document.getElementById('check').value = '';
                document.getElementById('q').value = ''; window.tarjamaApply(); }""")


def _review(tmp: Path, name: str, *args: str) -> Path:
    out = tmp / name
    result = run_tarjama("review", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def article(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    tmp = tmp_path_factory.mktemp("review-article")
    opened = Opened(browser, _review(tmp, "article.html", str(ARTICLE_PO), "--glossary",
                                     str(GLOSSARY)))
    yield opened
    opened.page.close()


@pytest.fixture(scope="module")
def thunar(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    po = need_shared(CORPUS / "po" / "thunar-ar.po")
    tmp = tmp_path_factory.mktemp("review-thunar")
    opened = Opened(browser, _review(tmp, "thunar.html", str(po)))
    yield opened
    opened.page.close()


def _directions(opened: Opened, selector: str) -> set[tuple[str, str]]:
    found: list[list[str]] = opened.page.eval_on_selector_all(
        selector, "cells => cells.map(c => [c.lang, getComputedStyle(c).direction])")
    return {(lang, direction) for lang, direction in found}


def test_article_cells_are_right_to_left_and_left_to_right(
        article: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert _directions(article, "section:not([hidden]) .x.so") == {("ar", "rtl")}
    assert _directions(article, "section:not([hidden]) .x.ta") == {("en", "ltr")}
    shots = tmp_path_factory.mktemp("screenshots")
    article.page.screenshot(path=str(shots / "article-review.png"))
    article.page.screenshot(path=str(shots / "article-review-full.png"), full_page=True)
    assert (shots / "article-review.png").stat().st_size > 10_000


# For each isolated placeable with an Arabic word on either side in an RTL cell: the boxes of
# the word before it (logically), of the placeable and of the word after it, when on one line.
_NEIGHBOURS = """(cells) => {
  const arabic = /[\\u0600-\\u06FF]+/g;
  const box = (node, start, end) => { const r = document.createRange();
    r.setStart(node, start); r.setEnd(node, end); return r.getBoundingClientRect(); };
  const out = [];
  for (const cell of cells) {
    for (const bdi of cell.querySelectorAll('bdi')) {
      const before = bdi.previousSibling, after = bdi.nextSibling;
      if (!before || !after || before.nodeType !== 3 || after.nodeType !== 3) continue;
      const left = [...before.data.matchAll(arabic)].pop();
      const right = after.data.match(/^[\\s"(]*([\\u0600-\\u06FF]+)/);
      if (!left || !right) continue;
      bdi.scrollIntoView({block: 'center'});
      const b = box(before, left.index, left.index + left[0].length);
      const start = right[0].length - right[1].length;
      const a = box(after, start, right[0].length);
      const p = bdi.getBoundingClientRect();
      if (Math.abs(b.top - p.top) > 4 || Math.abs(a.top - p.top) > 4) continue;
      out.push({text: bdi.textContent, before: [b.left, b.right], it: [p.left, p.right],
                after: [a.left, a.right]});
    }
  }
  return out;
}"""


def _check_neighbours(opened: Opened, selector: str, at_least: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = opened.page.eval_on_selector_all(selector, _NEIGHBOURS)
    assert len(found) >= at_least, found
    for item in found:
        # Right to left: the word read before it is on its right, the word after on its left.
        assert item["before"][0] >= item["it"][1] - 1, item
        assert item["it"][0] >= item["after"][1] - 1, item
    return found


def test_placeables_keep_their_place_in_arabic(article: Opened, thunar: Opened) -> None:
    numbers = _check_neighbours(article, ".x.so[dir=rtl]", 1)
    assert "12" in [item["text"] for item in numbers]  # أمر لواء 12 في الحشد
    placeholders = _check_neighbours(thunar, ".x.ta[dir=rtl]", 5)
    assert any(item["text"] == "%d" for item in placeholders)


def test_filters_show_what_stats_and_check_report(article: Opened, thunar: Opened) -> None:
    for opened, po, args in ((article, ARTICLE_PO, ("--glossary", str(GLOSSARY))),
                             (thunar, CORPUS / "po" / "thunar-ar.po", ())):
        expected = expected_counts(po, *args)
        total = opened.page.eval_on_selector_all("section:not([hidden]) article", "r => r.length")
        seen = {}
        for status in ("translated", "fuzzy", "untranslated"):
            seen[f"status:{status}"] = opened.only("status", status)
        for severity in ("error", "warning", "info", "none"):
            seen[f"severity:{severity}"] = opened.only("severity", severity)
        opened.reset()
        checks = opened.page.eval_on_selector_all("#check option", "o => o.map(x => x.value)")
        for check in checks[1:]:
            opened.page.select_option("#check", check)
            seen[f"check:{check}"] = opened.shown()
        opened.reset()
        assert {k: v for k, v in seen.items() if v} == expected
        assert opened.shown() == total
        # The labels beside the boxes say the same.
        labels = opened.page.eval_on_selector_all(
            "[data-count]", "s => s.map(x => [x.dataset.count, Number(x.textContent)])")
        assert {k: v for k, v in labels if v} == {
            k: v for k, v in expected.items() if not k.startswith("check:")}


def test_search_folds_alef_teh_marbuta_and_digits(article: Opened) -> None:
    page = article.page
    for query, entry in (("القوات الامريكيه", "entry-3"), ("٢٠٢٤", "entry-2"),
                         ("۲۰۲۴", "entry-2"), ("ما مستقبل التحالف الدولي في العراق", "entry-1")):
        page.fill("#q", query)
        page.evaluate("window.tarjamaApply()")
        visible = page.eval_on_selector_all("section article:not([hidden])",
                                            "rows => rows.map(r => r.id)")
        assert entry in visible, (query, visible)
        assert len(visible) < 25
    article.reset()


def test_script_fold_equals_the_memory_fold(article: Opened) -> None:
    import random

    rng = random.Random(7)
    alphabet = ("ab ZAIßسلامأإآٱاىيةهؤئـًٌٍَُِّْٰ٠١٢٣۴۵0123\u200f\u061c\u00a0\u200d\u202bﻻﺍﷲ\t"
                "ΣςİŉǰﬁＡ")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
             for _ in range(500)]
    folded = article.page.evaluate("texts => texts.map(window.tarjamaFold)", texts)
    assert folded == [fold(text) for text in texts]


def test_keyboard_moves_between_findings_and_anchors_are_stable(thunar: Opened) -> None:
    page = thunar.page
    flagged = page.eval_on_selector_all("section article:not([data-sev=none])",
                                        "rows => rows.map(r => r.id)")
    assert len(flagged) >= 3
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("body").click(position={"x": 5, "y": 5})
    for expected in flagged[:3]:
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.id") == expected
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == flagged[1]
    assert page.evaluate("location.hash") == f"#{flagged[1]}"
    page.goto(thunar.path.as_uri() + "#entry-40")
    page.wait_for_selector("body[data-ready='1']", state="attached")
    assert page.evaluate("document.activeElement.id") == "entry-40"
    top = page.evaluate("document.getElementById('entry-40').getBoundingClientRect().top")
    assert 0 <= top < 900


def test_two_languages_switch(browser: Any, tmp_path: Path) -> None:
    ar, fa = need_shared(CORPUS / "po" / "sphinx-ar.po"), CORPUS / "po" / "sphinx-fa.po"
    opened = Opened(browser, _review(tmp_path, "sphinx.html", str(ar), str(fa)))
    try:
        assert _directions(opened, "section:not([hidden]) .x.ta") == {("ar", "rtl")}
        assert _directions(opened, "section:not([hidden]) .x.so") == {("en", "ltr")}
        opened.page.select_option("#lang", "fa")
        assert _directions(opened, "section:not([hidden]) .x.ta") == {("fa", "rtl")}
        # The counts the page was given for Persian (test_review.py holds them equal to the
        # command line's) are what filtering shows.
        counts = json.loads(opened.page.get_attribute("#cat-fa", "data-counts"))
        assert opened.only("status", "fuzzy") == counts.get("status:fuzzy", 0)
        assert opened.only("severity", "warning") == counts.get("severity:warning", 0)
        assert opened.requests == [opened.path.as_uri()]
    finally:
        opened.page.close()


def test_hostile_entries_do_not_run(browser: Any, tmp_path: Path) -> None:
    po = hostile_po(tmp_path / "hostile.po")
    out = _review(tmp_path, "hostile.html", str(po), "--title", "<img src=x onerror=alert(9)>")
    opened = Opened(browser, out)
    try:
        page = opened.page
        page.check("#inv")
        page.fill("#q", "script")
        page.evaluate("window.tarjamaApply()")
        page.keyboard.press("Escape")
        page.keyboard.press("j")
        page.wait_for_timeout(200)
        assert opened.dialogs == []
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.scripts.length") == 2
        assert page.evaluate("[...document.querySelectorAll('*')].flatMap(e => "
                             "[...e.attributes]).filter(a => a.name.startsWith('on')).length") == 0
        assert opened.requests == [out.as_uri()] and opened.aborted == []
        assert not [line for line in opened.console if "Content Security Policy" in line
                    or line.startswith("error")]
        assert "<img src=x onerror=alert(9)>" in page.title()
    finally:
        opened.page.close()


def test_no_request_but_the_page(article: Opened, thunar: Opened) -> None:
    for opened in (article, thunar):
        assert opened.requests == [opened.path.as_uri()]
        assert opened.aborted == [] and opened.dialogs == []
        assert not [line for line in opened.console if line.startswith("error")]
    invisible = article.page.evaluate(
        "(() => { const s = document.createElement('span'); s.className = 'iv';"
        " s.dataset.n = 'RLM'; document.querySelector('.x').append(s);"
        " document.body.classList.add('show-inv');"
        " const c = getComputedStyle(s, '::before').content; s.remove();"
        " document.body.classList.remove('show-inv'); return c; })()")
    assert "RLM" in json.dumps(invisible)


def test_printing_drops_the_controls_and_keeps_the_rows(article: Opened) -> None:
    page = article.page
    page.emulate_media(media="print")
    try:
        assert page.eval_on_selector(".controls", "e => getComputedStyle(e).display") == "none"
        assert page.eval_on_selector(".top", "e => getComputedStyle(e).position") == "static"
        shown = page.eval_on_selector_all(
            "section:not([hidden]) article", "rows => rows.filter(r => "
            "getComputedStyle(r).display !== 'none' && "
            "getComputedStyle(r).contentVisibility === 'visible').length")
        assert shown == 25
    finally:
        page.emulate_media(media="screen")

