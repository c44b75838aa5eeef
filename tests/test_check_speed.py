"""Shortcuts taken for the speed of ``tarjama check`` give exactly what the long way gives:
the language tags normalised without loading langcodes, units built by position.
"""

from __future__ import annotations

from dataclasses import fields

import langcodes
import pytest

from tarjama.formats.po_scan import UNIT_FIELDS, scan
from tarjama.languages import _PLAIN_TAGS, normalize_tag
from tarjama.model import Unit


@pytest.mark.parametrize("tag", sorted(_PLAIN_TAGS), ids=sorted(_PLAIN_TAGS))
def test_plain_tags_are_what_langcodes_makes_of_them(tag: str) -> None:
    standard = langcodes.standardize_tag(tag)
    assert standard == tag
    assert langcodes.Language.get(standard).is_valid()
    assert normalize_tag(f" {tag} ") == tag


def test_the_scanner_builds_units_in_field_order() -> None:
    # po_scan passes Unit's fields by position, for speed.
    names = tuple(f.name for f in fields(Unit))
    assert names[: len(UNIT_FIELDS)] == UNIT_FIELDS
    unit = scan('#. note\n#: a.c:3\nmsgctxt "c"\nmsgid "one"\nmsgstr "واحد"\n').units[0]
    assert (unit.source, unit.target, unit.context, unit.extracted_notes) == (
        "one", "واحد", "c", "note")
    assert (unit.references, unit.target_lines) == ([("a.c", "3")], [5])
