"""Helpers of the XLIFF tests: OmegaT 3.6 in console mode on an XLIFF source."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import need_tool, run_tarjama

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

# A minimal OmegaT 3.6 project: paragraph segmentation, so that each trans-unit is one
# segment and an exact match of one TMX unit.
OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>AR</source_lang>
        <target_lang>EN</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""


def need_omegat() -> str:
    """The java binary, skipping (or failing under TARJAMA_REQUIRE_INTEROP=1) without
    OmegaT."""
    java = need_tool("java")
    if not OMEGAT_JAR.exists():
        if os.environ.get("TARJAMA_REQUIRE_INTEROP") == "1":
            pytest.fail(f"{OMEGAT_JAR} is missing and TARJAMA_REQUIRE_INTEROP=1")
        pytest.skip(f"{OMEGAT_JAR} is not installed")
    return java


def omegat_translate(tmp_path: Path, template: Path, translated: Path) -> Path:
    """Export ``template`` as XLIFF 1.2 (sources copied into the targets) into an OmegaT
    project's source/, ``translated`` as TMX into tm/auto; run OmegaT's console translation
    and return the target XLIFF it wrote."""
    java = need_omegat()
    project = tmp_path / "project"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    exported = run_tarjama("export", str(template), "--target-lang", "en", "--copy-source",
                           "-o", str(project / "source" / "article.xlf"))
    assert exported.exit_code == 0, exported.stderr
    memory = run_tarjama("export", str(translated), "-o", str(project / "tm/auto/ours.tmx"))
    assert memory.exit_code == 0, memory.stderr
    config = tmp_path / "config"
    config.mkdir()
    run = subprocess.run(
        [java, "-Djava.awt.headless=true", "-jar", str(OMEGAT_JAR), str(project),
         "--mode=console-translate", f"--config-dir={config}"],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    target = project / "target" / "article.xlf"
    assert target.exists(), run.stdout[-3000:]
    return target
