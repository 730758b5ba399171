"""The production recipe's files: generated from the declared settings, and refusing bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import PROJECT
from bot.endpoints import endpoints_from_settings
from bot.settings import SETTINGS, SettingError, Settings
from deploy.render import (
    ENV_FILE,
    RenderError,
    all_settings,
    env_file,
    exec_start,
    nginx_site,
    read_env_file,
)

RECIPE = read_env_file(ENV_FILE)


def test_the_environment_file_is_current_and_lists_every_setting_with_its_default() -> None:
    assert ENV_FILE.read_text() == env_file(), "run: python -m deploy.render env > " + str(ENV_FILE)
    assert set(RECIPE) == set(all_settings())
    for name, setting in all_settings().items():
        assert f"# Default: {setting.default or '(empty)'}\n{name}=" in ENV_FILE.read_text()


def test_the_site_balances_every_instance_and_never_logs_query_strings_or_bodies() -> None:
    site = re.sub(r"#.*", "", nginx_site(RECIPE))  # the directives, without comments
    assert "@" not in site, "a field was left unrendered"
    for port in ("5005", "5006", "5055", "5056"):
        assert f"server 127.0.0.1:{port} max_fails=1" in site
    log_format = site[site.index("log_format") : site.index(";", site.index("log_format"))]
    for leaky in ("$request ", "$request_uri", "$args", "$query_string", "$request_body"):
        assert leaky not in log_format + " "
    assert "$request_body" not in site
    assert "Content-Security-Policy" not in site  # the bot sets it per profile
    assert "X-Frame-Options" not in site


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("SAFE_STEPS_RASA_PORTS", "5005,5006", "port numbers separated by spaces"),
        ("SAFE_STEPS_NGINX_RATE", "lots", "unusable value"),
        ("SAFE_STEPS_TLS_CERT", "cert.pem; evil", "absolute path"),
    ],
)
def test_bad_recipe_values_get_a_clear_error(name: str, value: str, error: str) -> None:
    with pytest.raises(RenderError, match=error):
        nginx_site({**RECIPE, name: value})


def test_a_malformed_environment_file_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "safe-steps.env"
    broken.write_text('# fine\nSAFE_STEPS_HOME="/srv"\nthis is not a setting\n')
    with pytest.raises(RenderError, match=r"safe-steps.env:3: expected NAME="):
        read_env_file(broken)


def test_the_units_run_the_single_server_commands() -> None:
    assert exec_start("safe-steps-rasa@.service", "5006", "py") == [
        "py",
        "-m",
        "bot",
        "rasa",
        "--port",
        "5006",
    ]
    assert exec_start("safe-steps-actions@.service", "5055", "py")[3:4] == ["actions"]


def test_the_recipe_settings_give_redis_stores_and_the_balanced_action_servers() -> None:
    recipe = Settings.from_env({name: value for name, value in RECIPE.items() if name in SETTINGS})
    endpoints = endpoints_from_settings(5055, recipe)
    assert endpoints["action_endpoint"]["url"] == "http://127.0.0.1:5050/webhook"
    assert endpoints["tracker_store"]["type"] == "bot.tracker_store.RedactingTrackerStore"
    assert (
        endpoints["tracker_store"] | {"backend": "redis", "url": "127.0.0.1", "port": 6379}
        == (endpoints["tracker_store"])
    )
    assert endpoints["lock_store"] == {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 0}
    sql_recipe = recipe.replace(SAFE_STEPS_TRACKER_STORE="sql")
    sql = endpoints_from_settings(5055, sql_recipe)["tracker_store"]
    assert (sql["dialect"], sql["db"], sql["username"]) == (
        "postgresql",
        "safe_steps_trackers",
        "safe_steps",
    )


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("SAFE_STEPS_TRACKER_STORE", "mongo", "must be one of memory, redis, sql"),
        ("SAFE_STEPS_REDIS_URL", "localhost:6379", "must look like redis://"),
        ("SAFE_STEPS_LOCK_STORE", "sql", "must be one of memory, redis"),
    ],
)
def test_bad_store_settings_get_a_clear_error(name: str, value: str, error: str) -> None:
    settings = Settings.from_env({}, SAFE_STEPS_TRACKER_STORE="redis").replace(**{name: value})
    with pytest.raises(SettingError, match=error):
        endpoints_from_settings(5055, settings)


def test_the_docs_name_only_declared_settings_with_their_declared_defaults() -> None:
    """README.md and docs/ mention settings by name; each must exist, and a default quoted
    next to it (`NAME`, default `value`) must be the declared one."""
    docs = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
    text = "\n".join(path.read_text(encoding="utf-8") for path in docs)
    declared = all_settings()
    named = set(re.findall(r"\bSAFE_STEPS_[A-Z0-9_]*[A-Z0-9]\b", text))
    assert named, "the docs name no settings: is the pattern still right?"
    assert named - set(declared) == set()
    quoted = re.findall(r"`(SAFE_STEPS_[A-Z0-9_]+)`,\s+default\s+`([^`]*)`", text)
    assert quoted, "no quoted default found: is the pattern still right?"
    for name, default in quoted:
        assert declared[name].default == default, (name, default)
