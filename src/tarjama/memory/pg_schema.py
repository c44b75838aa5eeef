"""The PostgreSQL schema of a shared memory and its migrations, in order.

``tarjama memory init --to URL`` applies the migrations a database has not had yet, each in
the transaction that records it in ``tarjama_schema``; running it again changes nothing.
A migration is never edited once released: a change is a new one at the end of the list.
"""

from __future__ import annotations

# The version table itself; created before anything else, outside the migrations.
VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS tarjama_schema (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL
)
"""

_V1 = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Who contributed units: a file or a project (`memory import --origin NAME`).
CREATE TABLE tm_origin (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tm_unit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The unit's identity: one origin's translation of one (context, source) in one pair.
    ukey bytea NOT NULL UNIQUE,
    origin_id integer NOT NULL REFERENCES tm_origin (id) ON DELETE CASCADE,
    source_lang text NOT NULL,          -- canonical BCP 47 tags (ar, en-GB)
    target_lang text NOT NULL,
    source_primary text NOT NULL,       -- their primary subtags, what lookups select on
    target_primary text NOT NULL,
    context text,
    source text NOT NULL,
    source_plural text,
    target text NOT NULL,
    target_plurals text[],              -- the plural forms of a plural unit, else NULL
    -- The source folded (tarjama.memory.match.fold) and its 64-bit key: exact lookups use
    -- the key, fuzzy ones the trigram index of the folded text.
    folded text NOT NULL,
    fkey bigint NOT NULL,
    note text NOT NULL DEFAULT '',              -- extracted comments, TMX tu notes and props
    translator_note text NOT NULL DEFAULT '',   -- translator comments, target tuv notes
    refs text[] NOT NULL DEFAULT '{}',          -- PO references, "file:line"
    flags text[] NOT NULL DEFAULT '{}',
    line integer,                               -- where it was read in its origin's file
    created_at timestamptz NOT NULL,
    changed_at timestamptz NOT NULL,
    created_by text,
    changed_by text
);

CREATE INDEX tm_unit_fkey ON tm_unit (fkey);
CREATE INDEX tm_unit_origin ON tm_unit (origin_id);
CREATE INDEX tm_unit_pair ON tm_unit (source_primary, target_primary);
CREATE INDEX tm_unit_folded_trgm ON tm_unit USING gin (folded gin_trgm_ops);
"""

# Version 2: placeable matches found by their template (the source with its numbers,
# placeholders and tags as slots: "16px" and "512px" share one), whatever their trigrams
# say; the pairs listed from an index on the tags (lookups never go by the pair index).
_V2 = """
ALTER TABLE tm_unit ADD COLUMN tkey bigint;
CREATE INDEX tm_unit_tkey ON tm_unit (tkey) WHERE tkey IS NOT NULL;
DROP INDEX IF EXISTS tm_unit_pair;
CREATE INDEX tm_unit_langs ON tm_unit (source_lang, target_lang);
"""

# Version 3: fuzzy candidates come from tarjama's own inverted index, the terms of
# tarjama.memory.index.terms() (character trigrams of the folded text and its words), as in a
# memory file, and no longer from pg_trgm: its GIN index cost 49 s a lookup and half an hour
# an import at 1M units. Postings are append-only rows: the ids (uint32 little-endian, their
# high 32 bits in ``hi``) of the units one import batch added that hold the term, in one
# language pair (primary subtags, "ar>en"); a term's document frequency is sum(n), read from
# the index alone. Terms are bytea: a word term starts with a NUL byte, which text refuses.
_V3 = """
DROP INDEX IF EXISTS tm_unit_folded_trgm;
CREATE TABLE tm_posting (
    pair text NOT NULL,
    term bytea NOT NULL,
    n integer NOT NULL,
    hi integer NOT NULL DEFAULT 0,
    ids bytea NOT NULL
);
CREATE INDEX tm_posting_term ON tm_posting (pair, term) INCLUDE (n);
-- Id lists do not compress (pglz spent import time for nothing and lookups time undoing it).
ALTER TABLE tm_posting ALTER COLUMN ids SET STORAGE EXTERNAL;
-- Compaction deletes rows: vacuum it sooner than a table that only grows.
ALTER TABLE tm_posting SET (autovacuum_vacuum_scale_factor = 0.05);
"""

# (version, SQL) in order; the last version is the schema this tarjama reads and writes.
# A version listed in BACKFILLS also has rows filled in by tarjama.memory.postgres after its SQL.
MIGRATIONS: list[tuple[int, str]] = [
    (1, _V1),
    (2, _V2),
    (3, _V3),
]
BACKFILLS = {2: "template_keys", 3: "postings"}
SCHEMA_VERSION = MIGRATIONS[-1][0]
