"""`python -m bot registry check`: stale, unsourced and broken entries, found before a child is."""

from __future__ import annotations

import datetime as dt
import http.server
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.registry_check import warn_if_stale
from bot.settings import Settings

FRESH = dt.date.today().isoformat()


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()
        self.wfile.write(b"page")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[str]:
    """A web server on loopback: /ok answers, everything else is 404. Never the internet."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def entry(service_id: str, source: str | None, checked: str, web: str | None = None) -> str:
    lines = [f"  - id: {service_id}", "    contact:", "      phone: '0800 000 000'"]
    if web:
        lines.append(f"      web: {web}")
    if source:
        lines.append(f"    source: {source}")
    lines.append(f"    last_checked: {checked}")
    return "\n".join(lines)


@pytest.fixture
def folders(tmp_path: Path, local_site: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    registry = tmp_path / "services.yml"
    registry.write_text(
        "services:\n"
        + "\n".join(
            [
                entry("fresh", f"{local_site}/ok", FRESH),
                entry("old", f"{local_site}/ok", "2025-01-01"),
                entry("unsourced", None, FRESH),
                entry("moved", f"{local_site}/ok", FRESH, web=f"{local_site}/gone"),
            ]
        ),
        encoding="utf-8",
    )
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "school.yml").write_text(
        "id: school\nextra_services:\n" + entry("school_dsl", f"{local_site}/ok", "2024-06-01"),
        encoding="utf-8",
    )
    monkeypatch.setenv("SAFE_STEPS_PROFILES_DIR", str(profiles))
    monkeypatch.setenv("SAFE_STEPS_CLOCK", f"{FRESH}T12:00+00:00")
    return registry


def test_check_lists_stale_and_unsourced_entries(
    folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["registry", "check", "--registry", str(folders)]) == 1
    out = capsys.readouterr().out
    assert "services.yml: old: last checked 2025-01-01" in out
    assert "(limit 180)" in out
    assert "services.yml: unsourced: has no source" in out
    assert "school.yml: school_dsl: last checked 2024-06-01" in out
    assert "fresh" not in out and "moved" not in out
    assert "5 entries checked (limit 180 days); 3 problems" in out


def test_the_limit_is_a_setting_and_an_option(
    folders: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFE_STEPS_STALE_DAYS", "100000")
    main(["registry", "check", "--registry", str(folders)])
    assert "1 problems" in capsys.readouterr().out  # only the missing source
    main(["registry", "check", "--registry", str(folders), "--days", "0"])
    assert "(limit 0)" in capsys.readouterr().out


def test_links_are_fetched_and_failures_reported(
    folders: Path, local_site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["registry", "check", "--registry", str(folders), "--links", "--timeout", "3"]) == 1
    out = capsys.readouterr().out
    assert f"services.yml: moved: {local_site}/gone: HTTP 404" in out
    assert f"{local_site}/ok:" not in out
    assert "links fetched" in out


def test_an_unreachable_address_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    from bot.registry_check import fetch_problem
    from rig.harness import free_port

    problem = fetch_problem(f"http://127.0.0.1:{free_port()}/", timeout=2)
    assert problem is not None and problem.startswith("cannot be reached")


def test_start_up_logs_one_warning_when_entries_are_stale(
    folders: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.registry_check"):
        warn_if_stale(folders, folders.parent / "profiles", Settings.from_env())
    warnings = [r for r in caplog.records if r.name == "bot.registry_check"]
    assert len(warnings) == 1
    assert "3 things to check" in warnings[0].getMessage()
    assert "old (services.yml)" in warnings[0].getMessage()
