"""tarjama: a bilingual translation-memory toolkit.

Segment, align, check, score and remember translations kept in gettext PO and TMX files,
with Arabic treated as a first-class script in either direction.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
