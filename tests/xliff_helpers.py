"""Helpers of the XLIFF tests: OmegaT 3.6 in console mode on an XLIFF source (the project and
the run come from omegat_helpers, shared with the TMX tests)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_tarjama
from omegat_helpers import new_project, translate


def omegat_translate(tmp_path: Path, template: Path, translated: Path) -> Path:
    """Export ``template`` as XLIFF 1.2 (sources copied into the targets) into an OmegaT
    project's source/, ``translated`` as TMX into tm/auto; run OmegaT's console translation
    and return the target XLIFF it wrote."""
    project = new_project(tmp_path / "project", "AR", "EN")
    exported = run_tarjama("export", str(template), "--target-lang", "en", "--copy-source",
                           "-o", str(project / "source" / "article.xlf"))
    assert exported.exit_code == 0, exported.stderr
    memory = run_tarjama("export", str(translated), "-o", str(project / "tm/auto/ours.tmx"))
    assert memory.exit_code == 0, memory.stderr
    translate(project, tmp_path / "config")
    target = project / "target" / "article.xlf"
    assert target.exists(), "OmegaT wrote no target XLIFF"
    return target
