"""tarjama diff: what changed between two revisions of a catalog, with sacrebleu's TER."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, need_shared, run_tarjama
from score_helpers import degrade, sacrebleu_lines, sacrebleu_sentence_numbers, write_lines

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
OLD = (
    'msgid "same"\nmsgstr "unchanged text"\n\n'
    'msgid "small"\nmsgstr "the minister announced a new plan today"\n\n'
    'msgid "big"\nmsgstr "completely different words here"\n\n'
    '#, fuzzy\nmsgid "approved"\nmsgstr "a draft the reviewer accepted"\n\n'
    'msgid "gone"\nmsgstr "this entry was removed"\n\n'
    'msgid "retired"\nmsgstr "becomes obsolete"\n\n'
    'msgid "empty"\nmsgstr ""\n\n'
    'msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] "one apple"\nmsgstr[1] "%d apples"\n'
)
NEW = (
    'msgid "same"\nmsgstr "unchanged text"\n\n'
    'msgid "small"\nmsgstr "the minister announced a new plan on Monday"\n\n'
    'msgid "big"\nmsgstr "an entirely new translation of the sentence"\n\n'
    'msgid "approved"\nmsgstr "a draft the reviewer accepted"\n\n'
    'msgid "empty"\nmsgstr "now translated"\n\n'
    'msgid "apple"\nmsgid_plural "apples"\nmsgstr[0] "an apple"\nmsgstr[1] "%d apples"\n\n'
    'msgid "new"\nmsgstr "added in this revision"\n\n'
    '#~ msgid "retired"\n#~ msgstr "becomes obsolete"\n'
)


def revision(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.po"
    new = tmp_path / "new.po"
    old.write_text(HEADER + OLD, encoding="utf-8")
    new.write_text(HEADER + NEW, encoding="utf-8")
    return old, new


def test_changes_sorted_by_ter_with_added_removed_and_status(tmp_path: Path) -> None:
    old, new = revision(tmp_path)
    result = run_tarjama("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "tarjama.diff/1"
    kinds = [(c["kind"], c["source"]) for c in data["changes"]]
    assert kinds == [
        ("changed", "big"),
        ("changed", "empty"),  # nothing before: every word inserted, TER 100 too
        ("changed", "small"),  # ties stay in file order
        ("changed", "apple"),
        ("status", "approved"),
        ("added", "new"),
        ("removed", "gone"),
        ("removed", "retired"),  # obsolete in NEW counts as removed
    ]
    ters = [c["ter"] for c in data["changes"] if c["kind"] == "changed"]
    assert ters == sorted(ters, reverse=True) and ters[0] == 100.0
    approved = data["changes"][4]
    assert [c["ter"] for c in data["changes"][:2]] == [100.0, 100.0]
    assert (approved["old_status"], approved["new_status"]) == ("fuzzy", "translated")
    assert data["summary"] == {"common": 6, "unchanged": 1, "changed": 4, "status": 1,
                               "added": 1, "removed": 2, "revision_segments": 6}
    text = run_tarjama("diff", str(old), str(new)).stdout
    assert "    - the minister announced a new plan today" in text
    assert "    + the minister announced a new plan on Monday" in text
    assert "[fuzzy -> translated]" in text and "    = a draft the reviewer accepted" in text
    assert "    - (untranslated)" in text and "    + [0] an apple" in text
    assert "6 entries in both: 1 unchanged, 4 changed, 1 changed status only; 1 added, 2 removed"\
        in text


@pytest.mark.interop
def test_entry_ter_and_revision_ter_equal_sacrebleu_command(tmp_path: Path) -> None:
    old, new = revision(tmp_path)
    data = json.loads(run_tarjama("diff", str(old), str(new), "--format", "json").stdout)
    singular = [c for c in data["changes"] if c["kind"] == "changed" and len(c["old"]) == 1]
    hyp = write_lines(tmp_path / "old.txt", [c["old"][0] for c in singular])
    ref = write_lines(tmp_path / "new.txt", [c["new"][0] for c in singular])
    expected = sacrebleu_sentence_numbers([ref], hyp, "ter")
    assert [f"{c['ter']:.1f}" for c in singular] == expected
    # The revision's TER: old against new over every segment translated in both files.
    pairs = [("unchanged text", "unchanged text"),
             ("the minister announced a new plan today",
              "the minister announced a new plan on Monday"),
             ("completely different words here", "an entirely new translation of the sentence"),
             ("a draft the reviewer accepted", "a draft the reviewer accepted"),
             ("one apple", "an apple"), ("%d apples", "%d apples")]
    hyp = write_lines(tmp_path / "all-old.txt", [a for a, _ in pairs])
    ref = write_lines(tmp_path / "all-new.txt", [b for _, b in pairs])
    assert data["revision_ter"]["line"] == sacrebleu_lines([ref], hyp, "-m", "ter")[0]


@pytest.mark.interop
@pytest.mark.corpus
def test_corpus_revision_ter_equals_sacrebleu_sentence_level(tmp_path: Path) -> None:
    old_path = need_shared(CORPUS / "po" / "gnome-calculator-ar.po")
    po = polib.pofile(str(old_path))
    rng = random.Random(4)
    touched = [e for e in po if e.translated() and not e.obsolete and not e.msgid_plural][:40]
    for entry in touched:
        entry.msgstr = degrade(entry.msgstr, rng)
    new_path = tmp_path / "new.po"
    po.save(str(new_path))
    data = json.loads(run_tarjama("diff", str(old_path), str(new_path), "--format", "json").stdout)
    changed = [c for c in data["changes"] if c["kind"] == "changed"]
    really_changed = {e.msgid for e, original in zip(
        touched, [polib.pofile(str(old_path)).find(e.msgid, msgctxt=e.msgctxt) for e in touched],
        strict=True) if original is not None and original.msgstr != e.msgstr}
    assert {c["source"] for c in changed} == really_changed
    hyp = write_lines(tmp_path / "old.txt", [" ".join(c["old"][0].split("\n")) for c in changed])
    ref = write_lines(tmp_path / "new.txt", [" ".join(c["new"][0].split("\n")) for c in changed])
    assert [f"{c['ter']:.1f}" for c in changed] == sacrebleu_sentence_numbers([ref], hyp, "ter")


@pytest.mark.parametrize(
    ("names", "pattern"),
    [
        (["missing.po", "new.po"], "missing.po: no such file"),
        (["old.po", "broken.po"], r"broken.po:2: invalid PO"),
    ],
    ids=["missing", "broken"],
)
def test_diff_bad_input_exit_2(tmp_path: Path, names: list[str], pattern: str) -> None:
    revision(tmp_path)
    (tmp_path / "broken.po").write_text('msgid "a"\nnot po\n', encoding="utf-8")
    result = run_tarjama("diff", *(str(tmp_path / name) for name in names))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and re.search(pattern, lines[0]), result.stderr
