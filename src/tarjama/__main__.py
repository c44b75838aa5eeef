"""Entry point for ``python -m tarjama``."""

from __future__ import annotations

from tarjama.cli import main

if __name__ == "__main__":
    main()
