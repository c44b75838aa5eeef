"""TMX 1.4b translation memories to and from the unit model.

One job per module: :mod:`~tarjama.formats.tmx.props` (the names reader and writer share),
:mod:`~tarjama.formats.tmx.dates`, :mod:`~tarjama.formats.tmx.writer` (PO catalogs' units
into one TMX, streaming) and :mod:`~tarjama.formats.tmx.reader` (one language pair out of
TMX 1.1-1.4b, streaming and safely). Which languages a catalog holds is
:mod:`tarjama.catalog_languages`'s to say; reading and writing the files of the ``export``
and ``import`` commands is :mod:`tarjama.exchange.tmx`'s.
"""

from __future__ import annotations

from tarjama.formats.tmx.dates import (
    catalog_date,
    export_time,
    parse_po_date,
    parse_tmx_date,
    tmx_date,
)
from tarjama.formats.tmx.props import (
    DOCTYPE,
    PROP_CONTEXT,
    PROP_FLAGS,
    PROP_FUZZY,
    PROP_MSGID,
    PROP_MSGID_PLURAL,
    PROP_PLURAL_FORM,
    PROP_REFERENCE,
    TARJAMA_PROPS,
    XML_LANG,
)
from tarjama.formats.tmx.reader import (
    TmxHeader,
    canonical_tag,
    element_line,
    fold_plural_form,
    iter_tmx,
    read_header,
    resolve_pair,
    seg_text,
    tmx_languages,
)
from tarjama.formats.tmx.writer import (
    INVALID_CHAR_POLICIES,
    INVALID_XML_RE,
    ExportStats,
    InvalidChars,
    StoredTranslation,
    tuid_for,
    write_tmx,
    write_tmx_stream,
)

__all__ = [
    "DOCTYPE",
    "INVALID_CHAR_POLICIES",
    "INVALID_XML_RE",
    "PROP_CONTEXT",
    "PROP_FLAGS",
    "PROP_FUZZY",
    "PROP_MSGID",
    "PROP_MSGID_PLURAL",
    "PROP_PLURAL_FORM",
    "PROP_REFERENCE",
    "TARJAMA_PROPS",
    "XML_LANG",
    "ExportStats",
    "InvalidChars",
    "StoredTranslation",
    "TmxHeader",
    "canonical_tag",
    "catalog_date",
    "element_line",
    "export_time",
    "fold_plural_form",
    "iter_tmx",
    "parse_po_date",
    "parse_tmx_date",
    "read_header",
    "resolve_pair",
    "seg_text",
    "tmx_date",
    "tmx_languages",
    "tuid_for",
    "write_tmx",
    "write_tmx_stream",
]
