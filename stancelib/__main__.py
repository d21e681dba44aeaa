"""``python -m stancelib`` — the ``stancelib`` command line (see :mod:`stancelib.cli`).

``python -m stancelib FILE`` with no command means ``classify FILE``, as in the quick start.
"""
from __future__ import annotations

import sys

from .cli import COMMANDS, main

if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-") or argv[:1] == ["-"]:
        argv = ["classify", *argv]
    raise SystemExit(main(argv))
