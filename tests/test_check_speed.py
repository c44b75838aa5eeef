"""Shortcuts taken for the speed of ``tarjama check`` give exactly what the long way gives:
the language tags normalised without loading langcodes.
"""

from __future__ import annotations

import langcodes
import pytest

from tarjama.languages import _PLAIN_TAGS, normalize_tag


@pytest.mark.parametrize("tag", sorted(_PLAIN_TAGS), ids=sorted(_PLAIN_TAGS))
def test_plain_tags_are_what_langcodes_makes_of_them(tag: str) -> None:
    standard = langcodes.standardize_tag(tag)
    assert standard == tag
    assert langcodes.Language.get(standard).is_valid()
    assert normalize_tag(f" {tag} ") == tag
