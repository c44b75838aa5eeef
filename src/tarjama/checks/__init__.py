"""Translation quality checks that understand Arabic: small pure functions declared in one
registry (``CHECKS``), a runner that collects every finding, and the reporters.

Importing this package imports every family of checks, which declares them in ``CHECKS`` in
the order below (the order of ``--help`` and of findings on one line).
"""

from __future__ import annotations

# isort: off
from tarjama.checks import (  # noqa: F401  (each module declares its checks)
    numbers,
    placeholders,
    text,
    script,
    length,
    status,
    glossary,
    consistency,
)

# isort: on
from tarjama.checks.api import check_paths
from tarjama.checks.base import CHECKS, Check, CheckContext, Finding, Issue, Pair, Severity
from tarjama.checks.config import CheckConfig, load_config
from tarjama.checks.runner import Report, run_checks

__all__ = [
    "CHECKS",
    "Check",
    "CheckConfig",
    "CheckContext",
    "Finding",
    "Issue",
    "Pair",
    "Report",
    "Severity",
    "check_paths",
    "load_config",
    "run_checks",
]
