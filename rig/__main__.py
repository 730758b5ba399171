"""`python -m rig`: tooling commands that drive the real bot from outside (`make transcripts`)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m rig`."""
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    parser = argparse.ArgumentParser(prog="python -m rig", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "transcripts", help="write example conversations to docs/transcripts/ for review"
    )
    args = parser.parse_args(argv)
    if args.command == "transcripts":
        from bot.cli import PROJECT
        from rig.transcripts import write_transcripts

        for path in write_transcripts():
            print(f"wrote {path.relative_to(PROJECT)}")
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
