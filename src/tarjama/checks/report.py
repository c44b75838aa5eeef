"""Reporters of a check run: text for people (grouped per file, source and target shown),
JSON for tools (a contract), and GitHub workflow annotations for CI.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tarjama.checks.base import Finding, Severity
from tarjama.checks.runner import Report
from tarjama.display import for_terminal


def _shown(text: str, limit: int = 200) -> str:
    """A field on one line (newlines and control characters escaped), cut at ``limit``.
    Only the start is escaped: what is cut off costs nothing, however long the entry."""
    head = for_terminal(text[: limit + 1], newlines=False)
    if len(head) <= limit and len(text) <= limit:
        return head
    return head[: limit - 1] + "…"


def _location(finding: Finding) -> str:
    file = for_terminal(finding.file, newlines=False)
    return f"{file}:{finding.line}" if finding.line else file


def _message(finding: Finding) -> str:
    """The message, with how many times it occurs in the unit when more than once."""
    if finding.count > 1:
        return f"{finding.message} ({finding.count} times)"
    return finding.message


def _one_line(message: str) -> str:
    return for_terminal(message, newlines=False)


def format_text(report: Report) -> str:
    """``FILE:LINE: severity [check] message`` then the unit's source and target, files in
    the order given, and one summary line."""
    lines: list[str] = []
    current = None
    for finding in report.findings:
        if finding.file != current:
            if current is not None:
                lines.append("")
            lines.append(f"== {for_terminal(finding.file, newlines=False)}")
            current = finding.file
        lines.append(
            f"{_location(finding)}: {finding.severity} [{finding.check}] "
            f"{_one_line(_message(finding))}"
        )
        if finding.msgctxt:
            lines.append(f"    context: {_shown(finding.msgctxt)}")
        lines.append(f"    source:  {_shown(finding.source)}")
        lines.append(f"    target:  {_shown(finding.target)}")
    counts = report.counts()
    if lines:
        lines.append("")
    files = len(report.files)
    lines.append(
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info "
        f"in {report.units} unit(s) of {files} file{'s' if files != 1 else ''}"
    )
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> str:
    """``{"findings": [{file, line, msgctxt, msgid, check, severity, message, count}...],
    "summary": {files, units, error, warning, info, checks}}``."""
    # One finding per line: readable, greppable, and written by json's C encoder (which
    # json.dumps does not use when asked to indent).
    findings = ",\n".join(
        "    " + json.dumps(finding.as_dict(), ensure_ascii=False) for finding in report.findings
    )
    summary = json.dumps(report.summary(), ensure_ascii=False)
    body = f"\n{findings}\n  " if findings else ""
    return f'{{\n  "findings": [{body}],\n  "summary": {summary}\n}}\n'


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    """One ``::error file=F,line=L,title=tarjama [check]::message`` per finding."""
    lines = []
    for finding in report.findings:
        properties = [f"file={_escape_property(finding.file)}"]
        if finding.line:
            properties.append(f"line={finding.line}")
        properties.append(f"title={_escape_property(f'tarjama [{finding.check}]')}")
        lines.append(
            f"::{_GITHUB_LEVEL[finding.severity]} {','.join(properties)}::"
            f"{_escape_data(_message(finding))}"
        )
    counts = report.counts()
    lines.append(f"tarjama check: {counts['error']} error(s), {counts['warning']} warning(s), "
                 f"{counts['info']} info in {report.units} unit(s)")
    return "\n".join(lines) + "\n"


# The one registry of output formats.
REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
