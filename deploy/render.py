"""Render the recipe's files from the settings: the environment file and the nginx site.

    python -m deploy.render env                          > deploy/safe-steps.env
    python -m deploy.render nginx --env /etc/safe-steps/safe-steps.env > safe-steps.conf

Why generated: every setting is declared once (bot/settings.py, deploy/settings.py) with its
default and help, and the environment file lists them all; a test fails if the committed
file falls behind. The nginx site needs one `server` line per instance, which a plain
template cannot repeat, and the same file is rendered for loopback ports by the system drill.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import textwrap
from pathlib import Path

from bot.settings import SETTINGS, Setting
from deploy.settings import DEPLOY_SETTINGS, RECIPE_VALUES

DEPLOY = Path(__file__).resolve().parent
NGINX_TEMPLATE = DEPLOY / "nginx" / "safe-steps.conf.in"
ENV_FILE = DEPLOY / "safe-steps.env"
SYSTEMD = DEPLOY / "systemd"
_FIELD = re.compile(r"@([A-Z_]+)@")
_PORTS = re.compile(r"^\d{1,5}( +\d{1,5})*$")


class RenderError(ValueError):
    """A setting or file cannot be rendered; the message names it."""


def all_settings() -> dict[str, Setting]:
    """The bot's settings, then the recipe's."""
    return {**SETTINGS, **DEPLOY_SETTINGS}


def env_file() -> str:
    """Every setting, with its help and default, set to this recipe's value."""
    lines = [
        "# Safe Steps: every setting, with its help and default. One file for every unit",
        "# (EnvironmentFile=/etc/safe-steps/safe-steps.env). Written by",
        "# `python -m deploy.render env` from bot/settings.py and deploy/settings.py.",
        "# Keep it readable by root and the safe-steps group only: it holds passwords.",
    ]
    for name, setting in all_settings().items():
        lines.append("")
        lines += [f"# {line}" for line in textwrap.wrap(setting.help, 96)]
        lines.append(f"# Default: {setting.default or '(empty)'}")
        lines.append(f'{name}="{RECIPE_VALUES.get(name, setting.default)}"')
    return "\n".join(lines) + "\n"


def read_env_file(path: Path) -> dict[str, str]:
    """KEY="value" lines as systemd's EnvironmentFile reads them (comments and blanks skipped)."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
            raise RenderError(f'{path}:{number}: expected NAME="value", got {raw!r}')
        values[name] = value[1:-1] if len(value) > 1 and value[0] == value[-1] == '"' else value
    return values


def _ports(values: dict[str, str], name: str) -> list[str]:
    ports = values[name].strip()
    if not _PORTS.fullmatch(ports):
        raise RenderError(f"{name} must be port numbers separated by spaces, not {ports!r}")
    return ports.split()


def nginx_site(values: dict[str, str]) -> str:
    """The nginx site for these settings (missing ones take their defaults)."""
    settings = {name: setting.default for name, setting in DEPLOY_SETTINGS.items()}
    settings.update({name: value for name, value in values.items() if name in DEPLOY_SETTINGS})
    for name, pattern in (
        ("SAFE_STEPS_NGINX_RATE", r"\d+r/[sm]"),
        ("SAFE_STEPS_NGINX_BURST", r"\d+"),
        ("SAFE_STEPS_HTTPS_PORT", r"\d{1,5}"),
        ("SAFE_STEPS_HTTP_PORT", r"\d{1,5}"),
        ("SAFE_STEPS_ACTIONS_PROXY_PORT", r"\d{1,5}"),
        ("SAFE_STEPS_SERVER_NAME", r"[A-Za-z0-9.*_-]+"),
    ):
        if not re.fullmatch(pattern, settings[name]):
            raise RenderError(f"{name} has an unusable value: {settings[name]!r}")
    for name in ("SAFE_STEPS_TLS_CERT", "SAFE_STEPS_TLS_KEY", "SAFE_STEPS_NGINX_LOG_DIR"):
        if not settings[name].startswith("/") or re.search(r"[\s;{}]", settings[name]):
            raise RenderError(f"{name} must be an absolute path, not {settings[name]!r}")
    settings["RASA_SERVERS"] = _servers(_ports(settings, "SAFE_STEPS_RASA_PORTS"))
    settings["ACTIONS_SERVERS"] = _servers(_ports(settings, "SAFE_STEPS_ACTIONS_PORTS"))
    return _FIELD.sub(lambda match: settings[match.group(1)], NGINX_TEMPLATE.read_text())


def _servers(ports: list[str]) -> str:
    return "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports)


def exec_start(unit: str, instance: str, python: str) -> list[str]:
    """The command a templated unit runs for `instance`, with its Python replaced by `python`.

    Lets the system drill run exactly what systemd would, where systemd is not available.
    """
    text = (SYSTEMD / unit).read_text(encoding="utf-8")
    found = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE)
    if found is None:
        raise RenderError(f"{unit} has no ExecStart line")
    command = shlex.split(found.group(1).replace("%i", instance))
    return [python, *command[1:]]


def main(argv: list[str] | None = None) -> int:
    """Print the environment file or the nginx site."""
    parser = argparse.ArgumentParser(prog="python -m deploy.render", description=__doc__)
    parser.add_argument("what", choices=["env", "nginx"])
    parser.add_argument("--env", type=Path, default=ENV_FILE, help="the environment file")
    args = parser.parse_args(argv)
    try:
        text = env_file() if args.what == "env" else nginx_site(read_env_file(args.env))
    except (RenderError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
