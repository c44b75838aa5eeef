"""Project defaults for ``tarjama check``: the ``[check]`` table of ``tarjama.toml`` or the
``[tool.tarjama.check]`` table of ``pyproject.toml``, read with tomllib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.checks.base import Severity
from tarjama.errors import FormatError, LanguageError, UsageError
from tarjama.fileio import read_text

CONFIG_FILE = "tarjama.toml"
_KEYS = {"select", "ignore", "fail-on", "format", "glossary", "source-lang", "target-lang",
         "severity"}
_FORMATS = ("text", "json", "github")


@dataclass
class CheckConfig:
    """The options a project may set; command-line options override each of them."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    format: str | None = None
    glossary: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    severity: dict[str, Severity] = field(default_factory=dict)
    path: str | None = None


def _ids(value: Any, key: str, path: str) -> list[str]:
    if isinstance(value, str):
        return [part for part in re.split(r"[,\s]+", value) if part]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise UsageError(f"check.{key} must be a list of check ids", path=path)


def _string(value: Any, key: str, path: str, choices: tuple[str, ...] = ()) -> str:
    if not isinstance(value, str) or (choices and value not in choices):
        wanted = " or ".join(choices) if choices else "a string"
        raise UsageError(f"check.{key} must be {wanted}", path=path)
    return value


def config_from_table(table: dict[str, Any], path: str) -> CheckConfig:
    """Validate a ``[check]`` table (unknown keys are errors: a typo must not pass silently)."""
    from tarjama.checks.base import CHECKS
    from tarjama.languages import normalize_tag

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise UsageError(f"unknown key(s) in the check configuration: {', '.join(unknown)}",
                         path=path)
    config = CheckConfig(path=path)
    if "select" in table:
        config.select = _ids(table["select"], "select", path)
    if "ignore" in table:
        config.ignore = _ids(table["ignore"], "ignore", path)
    if "fail-on" in table:
        config.fail_on = _string(table["fail-on"], "fail-on", path,
                                 tuple(str(s) for s in reversed(Severity)))
    if "format" in table:
        config.format = _string(table["format"], "format", path, _FORMATS)
    if "glossary" in table:
        glossary = Path(_string(table["glossary"], "glossary", path))
        # A relative glossary path is relative to the configuration file, not the shell.
        config.glossary = str(glossary if glossary.is_absolute() else Path(path).parent / glossary)
    for key in ("source-lang", "target-lang"):
        if key in table:
            try:
                value = normalize_tag(_string(table[key], key, path))
            except LanguageError as exc:
                raise UsageError(f"check.{key}: {exc.message}", path=path) from exc
            setattr(config, key.replace("-", "_"), value)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise UsageError("check.severity must be a table of check id = severity", path=path)
    for check_id, level in severity.items():
        if check_id not in CHECKS:
            raise UsageError(f"unknown check id {check_id!r} in check.severity", path=path)
        try:
            config.severity[check_id] = Severity.parse(str(level))
        except KeyError:
            raise UsageError(
                f"check.severity.{check_id} must be error, warning or info", path=path
            ) from None
    return config


def _parse_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read

    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise FormatError(f"invalid TOML: {message}", path=path, line=line) from exc


def _table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("tarjama", {}).get("check")
    else:
        table = data.get("check")
    if table is not None and not isinstance(table, dict):
        raise UsageError("the check configuration must be a table", path=path)
    return table


def load_config(path: str | Path | None = None, folder: str | Path = ".") -> CheckConfig:
    """The configuration named by ``path``, else ``tarjama.toml`` in ``folder``, else the
    ``[tool.tarjama.check]`` table of ``pyproject.toml`` there, else the defaults."""
    if path is not None:
        chosen = Path(path)
        table = _table(_parse_toml(chosen), chosen)
        return config_from_table(table or {}, str(chosen))
    for name in (CONFIG_FILE, "pyproject.toml"):
        candidate = Path(folder) / name
        if candidate.is_file():
            table = _table(_parse_toml(candidate), candidate)
            if table is not None:
                return config_from_table(table, str(candidate))
    return CheckConfig()
