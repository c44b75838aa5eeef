"""The review page rendered: one self-contained HTML file through Jinja2 with autoescaping.

Styles and script are inlined and allowed by their hashes in the page's Content-Security-
Policy, which forbids everything else (no remote load, no other script, no inline handler):
a text that escaped escaping still could not run.
"""

from __future__ import annotations

import base64
import hashlib
import unicodedata
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from tarjama import __version__
from tarjama.memory import fold
from tarjama.review.build import SEVERITIES, STATUSES, ReviewPage


def _template_text(name: str) -> str:
    return resources.files("tarjama.review").joinpath("templates", name).read_text("utf-8")


@lru_cache(maxsize=1)
def fold_table() -> dict[str, str]:
    """What the page's search does to each character after NFKC, where that is not just
    JavaScript's ``toLowerCase``: the memory's :func:`~tarjama.memory.fold` applied to each
    character of the Basic Multilingual Plane (white space aside: the script collapses it as
    the fold does). Folding is character by character once NFKC is done, so the page's
    search and the memory agree on every text (tests/test_review_browser.py checks)."""
    table: dict[str, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if char.isspace() or unicodedata.normalize("NFKC", char) != char:
            continue
        folded = fold(char)
        if folded != char.lower():
            table[char] = folded
    return table


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tarjama.review", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def content_security_policy(css: str, js: str) -> str:
    """Nothing from anywhere, but the page's own style and script (by hash) and data images."""
    return (f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def render_page(page: ReviewPage) -> str:
    """The page as one HTML document."""
    css, js = _template_text("review.css"), _template_text("review.js")
    checks = sorted({check for cat in page.catalogs for check in cat.by_check})
    template = _environment().get_template("page.html.j2")
    return template.render(
        page=page,
        css=Markup(css),
        js=Markup(js),
        csp=content_security_policy(css, js),
        version=__version__,
        statuses=STATUSES,
        severities=SEVERITIES,
        all_checks=checks,
        fold_table=fold_table(),
    )
