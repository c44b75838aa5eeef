"""Running OmegaT 3.6 in console mode on a project made for a test (shared by the OmegaT tests).

OmegaT exits 0 even when it rejects a file, so callers read what it wrote in ``target/``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import need_tool

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

# A minimal OmegaT 3.6 project. Paragraph segmentation (sentence_seg false) makes every line
# of a plain-text source one segment, so each line is an exact match of one TMX source;
# with sentence segmentation OmegaT would split multi-sentence entries and find no match.
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{source}</source_lang>
        <target_lang>{target}</target_lang>
        <source_tok>{source_tok}</source_tok>
        <target_tok>{target_tok}</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""
TOKENIZERS = {"AR": "org.omegat.tokenizer.LuceneArabicTokenizer",
              "EN": "org.omegat.tokenizer.LuceneEnglishTokenizer"}


def need_omegat() -> str:
    """The java binary, skipping (or failing under ``TARJAMA_REQUIRE_INTEROP=1``) without
    OmegaT."""
    java = need_tool("java")
    if not OMEGAT_JAR.exists():
        if os.environ.get("TARJAMA_REQUIRE_INTEROP") == "1":
            pytest.fail(f"{OMEGAT_JAR} is missing and TARJAMA_REQUIRE_INTEROP=1")
        pytest.skip(f"{OMEGAT_JAR} is not installed")
    return java


def new_project(folder: Path, source: str, target: str) -> Path:
    """An empty OmegaT project in ``folder`` translating ``source`` into ``target``
    (``AR``, ``EN``)."""
    for name in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / name).mkdir(parents=True)
    (folder / "omegat.project").write_text(
        PROJECT.format(source=source, target=target, source_tok=TOKENIZERS[source],
                       target_tok=TOKENIZERS[target]),
        encoding="utf-8")
    return folder


def translate(project: Path, config: Path, preferences: str = "") -> None:
    """Run OmegaT's console translation of ``project`` with its configuration in ``config``
    (``preferences``: elements to put in ``omegat.prefs``, as the options dialog saves them)."""
    java = need_omegat()
    config.mkdir(exist_ok=True)
    if preferences:
        (config / "omegat.prefs").write_text(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<omegat><preference version="1.0">'
            f"{preferences}</preference></omegat>\n", encoding="utf-8")
    run = subprocess.run(
        [java, "-Djava.awt.headless=true", "-jar", str(OMEGAT_JAR), str(project),
         "--mode=console-translate", f"--config-dir={config}"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
