"""`python -m bot.rasa_server run ...`: Rasa's own command line, with our internals installed first.

Why an entry point of our own: the patches and the version guard in bot/rasa_internals.py
must be in place before Rasa loads anything, whichever tracker store, channel or NLG the
deployment configures. bot.cli.rasa_command starts every Rasa server through here, so
`make run`, the supervisor and the systemd units all get them.
"""

from __future__ import annotations

from bot import rasa_internals


def main() -> None:
    """Install the internals (refusing a Rasa other than the pinned one), then run Rasa."""
    rasa_internals.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
