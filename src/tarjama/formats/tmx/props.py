"""The names a TMX file and tarjama's reader and writer share: the language attribute, the
document type, and the props that carry PO fields no TMX element has."""

from __future__ import annotations

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'

# The props tarjama writes, and reads back into PO fields.
PROP_CONTEXT = "x-context"  # msgctxt
PROP_REFERENCE = "x-reference"  # one per #: location, "file:line"
PROP_FLAGS = "x-flags"  # #, flags other than fuzzy, comma-separated as in PO
PROP_FUZZY = "x-fuzzy"  # on a target tuv: the translation was fuzzy in its catalog
PROP_PLURAL_FORM = "x-plural-form"  # index of the msgstr[] form this tu holds
PROP_MSGID = "x-msgid"  # on forms >= 1 (whose seg is msgid_plural): the singular msgid
PROP_MSGID_PLURAL = "x-msgid-plural"  # on form 0 (whose seg is msgid): msgid_plural
TARJAMA_PROPS = frozenset(
    {PROP_CONTEXT, PROP_REFERENCE, PROP_FLAGS, PROP_FUZZY, PROP_PLURAL_FORM, PROP_MSGID,
     PROP_MSGID_PLURAL}
)
