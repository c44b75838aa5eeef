"""Adapters between file formats and the unit model: PO (polib), TMX (lxml), plain text.

Reading a file never judges it: readers report what cannot be parsed, checks judge the rest.
"""

from __future__ import annotations
