"""Shared by the review page's tests: hostile catalogs, reading a page back, and the counts
the command-line reports give for the same files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html

from conftest import run_tarjama

# Texts that would run, load or break out of their element if they were not escaped.
HOSTILE = [
    "<script>alert('msgid')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.domain)",
    "</style><script>alert(2)</script>",
    "</textarea></title><svg onload=alert(3)>",
    "{{ 7*7 }} {% raw %}",
]


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_po(path: Path) -> Path:
    """A catalog (ar -> en) whose ids, translations, contexts and comments are hostile."""
    entries = []
    for number, text in enumerate(HOSTILE, 1):
        entries.append(
            f"# {text}\n#. {text}\n#: {text.replace(' ', '_')}:{number}\n#, fuzzy\n"
            f"#| msgid {_quote(text + ' قديم')}\n"
            f"msgctxt {_quote(text)}\nmsgid {_quote(f'نص {number} {text}')}\n"
            f"msgstr {_quote(f'text {number} {text}')}\n"
        )
        entries.append(f"msgid {_quote(f'جملة {number} {text}')}\n"
                       f"msgstr {_quote(f'sentence {number}: {text}')}\n")
    header = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: ar\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')
    path.write_text(header + "\n" + "\n".join(entries), encoding="utf-8")
    return path


def page(path: Path) -> Any:
    """The page parsed (lxml.html)."""
    return lxml.html.fromstring(path.read_bytes())


def cli_json(*args: str) -> Any:
    result = run_tarjama(*args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def expected_counts(po: Path, *check_args: str) -> dict[str, int]:
    """Entries per filter value as the command line reports them: ``status:S`` from
    ``tarjama stats --format json``, ``severity:S``, ``severity:none`` and ``check:C`` (entries
    with such a finding) from ``tarjama check --format json``."""
    stats = cli_json("stats", str(po), "--format", "json")["files"][0]["segments"]
    counts = {f"status:{key}": value for key, value in stats.items() if key != "total"}
    findings = cli_json("check", str(po), "--format", "json", *check_args)["findings"]
    entries_by: dict[str, set[tuple[str | None, str]]] = {}
    for finding in findings:
        key = (finding["msgctxt"], finding["msgid"])
        entries_by.setdefault(f"severity:{finding['severity']}", set()).add(key)
        entries_by.setdefault(f"check:{finding['check']}", set()).add(key)
    counts.update({name: len(keys) for name, keys in entries_by.items()})
    flagged = {(f["msgctxt"], f["msgid"]) for f in findings}
    counts["severity:none"] = stats["total"] - len(flagged)
    return {name: value for name, value in counts.items() if value}


def finding_counts(po: Path, *check_args: str) -> Counter[tuple[str, str]]:
    """(check, severity) -> findings, from ``tarjama check --format json``."""
    findings = cli_json("check", str(po), "--format", "json", *check_args)["findings"]
    return Counter((f["check"], f["severity"]) for f in findings)
