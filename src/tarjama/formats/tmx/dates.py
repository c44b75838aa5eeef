"""Dates in TMX and in the PO headers a TMX is made from."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

from tarjama.model import Catalog

_TMX_DATE = "%Y%m%dT%H%M%SZ"


# --- dates ---------------------------------------------------------------------------------------


def tmx_date(moment: datetime) -> str:
    """A moment in TMX's date format, in UTC: ``20240113T093000Z``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(_TMX_DATE)


_PO_DATE_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?"
)


def parse_po_date(value: str) -> datetime | None:
    """A PO header date (``2024-01-13 09:30+0300``) as an aware datetime, None if not one."""
    match = _PO_DATE_RE.search(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_h, tz_m = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute),
                          int(second or 0), tzinfo=UTC)
    except ValueError:
        return None
    if sign:
        # The clock time is local to the offset: UTC is the clock time minus the offset.
        offset = (int(tz_h) * 60 + int(tz_m)) * (1 if sign == "+" else -1)
        moment -= timedelta(minutes=offset)
    return moment


_TMX_DATE_RE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})?)?")


def parse_tmx_date(value: str | None) -> datetime | None:
    """A TMX date as an aware datetime; lenient (tools write many variants), None if bad."""
    if not value:
        return None
    match = _TMX_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def export_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def catalog_date(catalog: Catalog, default: datetime) -> datetime:
    """When a catalog's translations were last changed: ``PO-Revision-Date``, else
    ``POT-Creation-Date``, else ``default`` (a PO entry carries no date of its own)."""
    for field_name in ("PO-Revision-Date", "POT-Creation-Date"):
        moment = parse_po_date(catalog.header.get(field_name, ""))
        if moment is not None:
            return moment
    return default

