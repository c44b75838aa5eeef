"""The review page rendered: one self-contained HTML file through Jinja2 with autoescaping.

Styles and script are inlined and allowed by their hashes in the page's Content-Security-
Policy, which forbids everything else (no remote load, no other script, no inline handler):
a text that escaped escaping still could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import unicodedata
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from tarjama import __version__
from tarjama.memory import fold
from tarjama.review.build import SEVERITIES, STATUSES, ReviewPage
from tarjama.review.text import DELETED, INSERTED, INVISIBLE, NUMBER, PLACEABLE, Span


def _template_text(name: str) -> str:
    return resources.files("tarjama.review").joinpath("templates", name).read_text("utf-8")


@lru_cache(maxsize=1)
def fold_table() -> dict[str, str]:
    """What the page's search does to each character after NFKC, where that is not just
    JavaScript's ``toLowerCase``: the memory's :func:`~tarjama.memory.fold` applied to each
    character of the Basic Multilingual Plane (white space aside: the script collapses it as
    the fold does). Folding is character by character once NFKC is done, so the page's
    search and the memory agree on every text (tests/test_review_browser.py checks)."""
    every = [chr(code) for code in range(1, 0x10000)
             if not 0xD800 <= code <= 0xDFFF and not chr(code).isspace()]
    # One call over every character, NUL between them: NUL is no white space, folds to
    # itself and composes with nothing, so the pieces line up with the characters.
    normalized = unicodedata.normalize("NFKC", _SEPARATOR.join(every)).split(_SEPARATOR)
    chars = [char for char, nfkc in zip(every, normalized, strict=True) if nfkc == char]
    pieces = fold(_SEPARATOR.join(chars)).split(_SEPARATOR)
    if len(pieces) != len(chars):  # pragma: no cover - the fold changed: one by one, slowly
        pieces = [fold(char) for char in chars]
    return {char: folded for char, folded in zip(chars, pieces, strict=True)
            if folded != char.lower()}


_SEPARATOR = "\x00"


# How each kind of span is shown (the texts are escaped before they go in).
_SPAN_HTML = {
    PLACEABLE: '<bdi class="ph" title="{label}">{text}</bdi>',
    NUMBER: '<bdi class="nu">{text}</bdi>',
    INVISIBLE: '<span class="iv" data-n="{label}">{text}</span>',
    DELETED: "<del>{text}</del>",
    INSERTED: "<ins>{text}</ins>",
}


def spans_html(spans: list[Span]) -> Markup:
    """The spans of a text as HTML, every text and label escaped (``&<>"'``, as Jinja2's
    autoescaping does): a filter rather than a macro, as the page shows tens of thousands."""
    out = []
    for kind, text, label in spans:
        shape = _SPAN_HTML.get(kind)
        if shape is None:  # prose, or text both sides of a diff share
            out.append(html.escape(text))
        else:
            out.append(shape.format(text=html.escape(text), label=html.escape(label)))
    return Markup("".join(out))


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("tarjama.review", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["spans"] = spans_html
    return environment


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
