"""The production recipe (deploy/), started for real on this machine without systemd.

Why: docs/deploying.md must work, and the only proof is to run it. Where systemd would start a
unit, this runs the unit's own ExecStart line (deploy/render.exec_start) with the environment
file (deploy/safe-steps.env) plus loopback ports and throwaway folders. nginx runs the
recipe's site rendered by the same code an operator uses, behind a self-signed certificate.
PostgreSQL is a throwaway cluster (initdb in a temporary folder, as the postgres user when run
as root, since PostgreSQL refuses to run as root); Redis is Debian's redis-server.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bot.cli import PROJECT
from deploy.render import ENV_FILE, exec_start, nginx_site, read_env_file
from rig.harness import MODEL, free_port
from rig.http import answers, post_json, wait_until
from rig.process import RedisServer

PASSWORD = "drill-only-password"
START_TIMEOUT_SECONDS = 240


def _binary(name: str) -> str:
    """A PostgreSQL or nginx program: on PATH, or where Debian's packages put it."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None and Path(f"/usr/sbin/{name}").exists():
        found = f"/usr/sbin/{name}"
    if found is None:
        raise RuntimeError(f"{name} is not installed: run `make nginx postgresql`")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user if we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A throwaway PostgreSQL cluster on a loopback port, with the recipe's role and databases."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.dir = root / "postgresql"
        self.dir.mkdir()
        if os.geteuid() == 0:
            root.chmod(0o711)  # the postgres user must reach its folder inside
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        subprocess.run(
            _as_postgres(
                [_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
            ),
            check=True,
            capture_output=True,
        )
        self.start()
        script = str(PROJECT / "deploy" / "postgresql.sql")
        variables = ["-v", f"password='{PASSWORD}'", "-v", "ON_ERROR_STOP=1"]
        subprocess.run(
            [_binary("psql"), *self.connection("postgres"), *variables, "-q", "-f", script],
            check=True,
            capture_output=True,
        )

    def connection(self, database: str) -> list[str]:
        """psql/pg_dump arguments for one database, as the superuser."""
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database]

    def url(self, database: str) -> str:
        """The SQLAlchemy URL the bot uses (the recipe's role and password)."""
        return f"postgresql://safe_steps:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def _ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        command = [_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log")]
        subprocess.run(
            _as_postgres([*command, "-o", options, "-m", "fast", "-w", action]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._ctl("start")

    def restart(self) -> None:
        """Restart the server (fast shutdown: open connections are cut, as in a real restart)."""
        self._ctl("restart")

    def stop(self) -> None:
        """Stop the server if it runs."""
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop")

    def dump(self, database: str) -> bytes:
        """Everything in one database, as SQL text."""
        return subprocess.run(
            [_binary("pg_dump"), *self.connection(database)], check=True, capture_output=True
        ).stdout

    def count(self, metric: str) -> int:
        """Total of one anonymous count (0 before the table exists)."""
        query = f"select coalesce(sum(count), 0) from daily_counts where metric = '{metric}'"
        result = subprocess.run(
            [_binary("psql"), *self.connection("safe_steps_counts"), "-tAc", query],
            capture_output=True,
            text=True,
        )
        return int(result.stdout.strip() or 0) if result.returncode == 0 else 0


@dataclass
class Nginx:
    """nginx with the recipe's site, rendered for loopback ports, and a self-signed certificate."""

    root: Path
    values: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.dir = self.root / "nginx"
        self.logs = self.dir / "logs"
        self.logs.mkdir(parents=True)
        self.cert, self.key = self.dir / "cert.pem", self.dir / "key.pem"
        names = ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        files = ["-keyout", str(self.key), "-out", str(self.cert)]
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                *names,
                *files,
            ],
            check=True,
            capture_output=True,
        )
        self.values |= {
            "SAFE_STEPS_TLS_CERT": str(self.cert),
            "SAFE_STEPS_TLS_KEY": str(self.key),
            "SAFE_STEPS_NGINX_LOG_DIR": str(self.logs),
            "SAFE_STEPS_SERVER_NAME": "localhost",
        }
        self.render()
        temp = "".join(
            f"    {kind}_temp_path {self.dir / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # What Debian's /etc/nginx/nginx.conf provides around a site, minus its global logs.
        (self.dir / "nginx.conf").write_text(
            f"worker_processes 1;\npid {self.dir / 'nginx.pid'};\n"
            f"error_log {self.logs / 'main-error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n    include /etc/nginx/mime.types;\n"
            f"{temp}    access_log off;\n    include {self.dir / 'safe-steps.conf'};\n}}\n"
        )

    def render(self) -> None:
        """Write the recipe's site for the current values."""
        (self.dir / "safe-steps.conf").write_text(nginx_site(self.values))

    def reload(self, changes: dict[str, str]) -> None:
        """Re-render the site with some values changed, and reload nginx (as `systemctl reload`)."""
        assert self.process is not None
        self.values |= changes
        self.render()
        subprocess.run([_binary("nginx"), "-t", "-q", *self._config()], check=True)
        self.process.send_signal(signal.SIGHUP)
        time.sleep(1)  # the new workers take over

    def _config(self) -> list[str]:
        return ["-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)]

    @property
    def url(self) -> str:
        """The public (HTTPS) address."""
        return f"https://127.0.0.1:{self.values['SAFE_STEPS_HTTPS_PORT']}"

    def tls(self) -> ssl.SSLContext:
        """A client TLS context that trusts this nginx's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert))

    def start(self) -> None:
        """Check the configuration, then start nginx in the foreground."""
        nginx = _binary("nginx")
        subprocess.run([nginx, "-t", "-q", *self._config()], check=True, capture_output=True)
        self.process = subprocess.Popen(
            [nginx, *self._config(), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        """Stop nginx."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(timeout=15)

    def remove(self) -> None:
        """Stop nginx and delete its folder (logs, certificate)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def nginx_in_front(rasa_urls: list[str], rate: str = "10000r/s") -> Nginx:
    """The recipe's nginx, started in front of running Rasa servers (for the benchmark).

    `rate` is raised by default: a benchmark sends everything from one address.
    """
    ports = " ".join(url.rsplit(":", 1)[1] for url in rasa_urls)
    values = {
        "SAFE_STEPS_RASA_PORTS": ports,
        "SAFE_STEPS_ACTIONS_PORTS": str(free_port()),  # unused: Rasa calls its actions directly
        "SAFE_STEPS_ACTIONS_PROXY_PORT": str(free_port()),
        "SAFE_STEPS_HTTPS_PORT": str(free_port()),
        "SAFE_STEPS_HTTP_PORT": str(free_port()),
        "SAFE_STEPS_NGINX_RATE": rate,
    }
    nginx = Nginx(Path(tempfile.mkdtemp(prefix="safe-steps-nginx-")), values)
    nginx.start()
    return nginx


@dataclass
class Stack:
    """nginx, N Rasa instances, N action servers, Redis and PostgreSQL, as the recipe runs them."""

    instances: int = 2
    tracker_store: str = "redis"
    nginx_overrides: dict[str, str] = field(default_factory=dict)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="safe-steps-stack-")))
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self) -> Stack:
        """Start every part and wait until nginx answers a chat message."""
        self.redis = RedisServer()
        self.postgres = Postgres(self.root)
        values = read_env_file(ENV_FILE)
        self.rasa_ports = [str(free_port()) for _ in range(self.instances)]
        self.actions_ports = [str(free_port()) for _ in range(self.instances)]
        actions_proxy = str(free_port())
        values |= {
            "SAFE_STEPS_HOME": str(PROJECT),
            "SAFE_STEPS_MODEL": str(MODEL),
            "SAFE_STEPS_TRACKER_STORE": self.tracker_store,
            "SAFE_STEPS_REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "SAFE_STEPS_ANALYTICS_URL": self.postgres.url("safe_steps_counts"),
            "SAFE_STEPS_TRACKER_SQL_URL": self.postgres.url("safe_steps_trackers"),
            "SAFE_STEPS_ACTIONS_URL": f"http://127.0.0.1:{actions_proxy}/webhook",
            "SAFE_STEPS_RASA_PORTS": " ".join(self.rasa_ports),
            "SAFE_STEPS_ACTIONS_PORTS": " ".join(self.actions_ports),
            "SAFE_STEPS_ACTIONS_PROXY_PORT": actions_proxy,
            "SAFE_STEPS_HTTPS_PORT": str(free_port()),
            "SAFE_STEPS_HTTP_PORT": str(free_port()),
            **self.nginx_overrides,
        }
        self.values = values
        self.nginx = Nginx(self.root, dict(values))
        for port in self.actions_ports:
            self.start_unit("safe-steps-actions@.service", port)
        for port in self.rasa_ports:
            self.start_unit("safe-steps-rasa@.service", port)
        self.nginx.start()
        self.wait_ready()
        return self

    def env(self) -> dict[str, str]:
        """What systemd gives a unit: a plain environment plus the environment file."""
        plain = {k: v for k, v in os.environ.items() if not k.startswith("SAFE_STEPS_")}
        return {**plain, **self.values, "RASA_TELEMETRY_ENABLED": "false"}

    def start_unit(self, unit: str, port: str) -> None:
        """Run one unit's ExecStart line for instance `port`, its output in a log file."""
        name = f"{unit.split('@')[0]}@{port}"
        log = (self.root / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            exec_start(unit, port, sys.executable),
            cwd=PROJECT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def rasa(self, index: int) -> str:
        """The unit name of the index-th Rasa instance."""
        return f"safe-steps-rasa@{self.rasa_ports[index]}"

    def wait_ready(self) -> None:
        """Block until every Rasa instance and nginx answer."""
        urls = [f"http://127.0.0.1:{port}/" for port in self.rasa_ports]
        for url in [*urls, f"{self.nginx.url}/health"]:
            wait_until(partial(answers, url, self.nginx.tls()), START_TIMEOUT_SECONDS, url)

    def say(self, sender: str, message: str, channel: str = "rest") -> list[dict[str, object]]:
        """One message through nginx (REST or widget channel)."""
        url = f"{self.nginx.url}/webhooks/{channel}/webhook"
        body = {"sender": sender, "message": message}
        return list(post_json(url, body, timeout=30, context=self.nginx.tls()) or [])

    def switch_store(self, tracker_store: str) -> None:
        """Restart every Rasa instance with another tracker store (redis or sql)."""
        from bot.supervisor import stop

        rasa = [self.processes.pop(self.rasa(i)) for i in range(self.instances)]
        stop(rasa)
        self.values["SAFE_STEPS_TRACKER_STORE"] = tracker_store
        for port in self.rasa_ports:
            self.start_unit("safe-steps-rasa@.service", port)
        self.wait_ready()

    def logs(self) -> list[Path]:
        """Every log the stack wrote: nginx's, the servers', PostgreSQL's."""
        return [
            *self.nginx.logs.glob("*.log"),
            *self.root.glob("*.log"),
            *(self.postgres.dir.glob("*.log")),
        ]

    def stop(self) -> None:
        """Stop everything and remove the throwaway folders."""
        from bot.supervisor import stop

        self.nginx.stop()
        stop(list(self.processes.values()))
        self.postgres.stop()
        self.redis.stop()
        shutil.rmtree(self.root, ignore_errors=True)
