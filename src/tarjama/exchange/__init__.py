"""The ``export`` and ``import`` commands as library calls: catalogs read from their files,
written through a format's writer, and back (one module per exchange format)."""

from __future__ import annotations

from tarjama.exchange.files import export_files, import_files, read_files
from tarjama.exchange.tmx import (
    ImportStats,
    export_po_files,
    import_tmx_files,
    read_tmx,
    read_tmxs,
)

__all__ = ["ImportStats", "export_files", "export_po_files", "import_files", "import_tmx_files",
           "read_files", "read_tmx", "read_tmxs"]
