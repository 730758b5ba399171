"""Settings only the production recipe reads (nginx and the set of instances), declared once.

Why here and not in bot/settings.py: the bot itself never reads them; deploy/render.py does,
to write the nginx site. They go into the same environment file as the bot's own settings,
so an operator edits one file.
"""

from __future__ import annotations

from bot.settings import Setting

DEPLOY_SETTINGS: dict[str, Setting] = {
    setting.env: setting
    for setting in (
        Setting("SAFE_STEPS_SERVER_NAME", "chat.example.org", "Public host name nginx answers."),
        Setting("SAFE_STEPS_HTTPS_PORT", "443", "Port nginx serves HTTPS on."),
        Setting("SAFE_STEPS_HTTP_PORT", "80", "Port nginx redirects from plain HTTP to HTTPS."),
        Setting(
            "SAFE_STEPS_TLS_CERT",
            "/etc/ssl/safe-steps/fullchain.pem",
            "TLS certificate chain nginx presents (for example from certbot).",
        ),
        Setting("SAFE_STEPS_TLS_KEY", "/etc/ssl/safe-steps/privkey.pem", "Its private key."),
        Setting(
            "SAFE_STEPS_RASA_PORTS",
            "5005 5006",
            "Loopback ports of the Rasa instances (one safe-steps-rasa@PORT unit each), "
            "separated by spaces; nginx balances over them.",
        ),
        Setting(
            "SAFE_STEPS_ACTIONS_PORTS",
            "5055 5056",
            "Loopback ports of the action servers (one safe-steps-actions@PORT unit each).",
        ),
        Setting(
            "SAFE_STEPS_ACTIONS_PROXY_PORT",
            "5050",
            "Loopback port where nginx balances the action servers for Rasa (never logged); "
            "SAFE_STEPS_ACTIONS_URL points here.",
        ),
        Setting(
            "SAFE_STEPS_NGINX_RATE",
            "10r/s",
            "Chat messages nginx accepts per client address (a school's pupils may share one "
            "address, so keep it generous); the bot also limits each conversation.",
        ),
        Setting(
            "SAFE_STEPS_NGINX_BURST",
            "40",
            "Messages a client address may send at once above that rate before nginx answers 429.",
        ),
        Setting(
            "SANIC_PROXIES_COUNT",
            "0",
            "Read by Sanic (Rasa's web server): how many proxies stand in front of Rasa. Behind "
            "nginx it must be 1, so the bot sees https and the client's address (X-Forwarded-*): "
            "the widget's same-origin check and per-client rate limit depend on both.",
        ),
        Setting(
            "SAFE_STEPS_NGINX_LOG_DIR",
            "/var/log/nginx",
            "Folder for nginx's safe-steps-access.log and safe-steps-error.log.",
        ),
    )
}

# The values this recipe uses where they differ from the bot's defaults (one VM, Debian's
# Redis and PostgreSQL on loopback). CHANGE-ME must be replaced by a real password.
RECIPE_VALUES: dict[str, str] = {
    "SAFE_STEPS_HOME": "/srv/safe-steps",
    "SAFE_STEPS_TRACKER_STORE": "redis",
    "SAFE_STEPS_LOCK_STORE": "redis",
    "SAFE_STEPS_REDIS_URL": "redis://127.0.0.1:6379/0",
    "SAFE_STEPS_ANALYTICS_URL": "postgresql://safe_steps:CHANGE-ME@127.0.0.1:5432/safe_steps_counts",
    "SAFE_STEPS_TRACKER_SQL_URL": (
        "postgresql://safe_steps:CHANGE-ME@127.0.0.1:5432/safe_steps_trackers"
    ),
    "SAFE_STEPS_ACTIONS_URL": "http://127.0.0.1:5050/webhook",
    "SANIC_PROXIES_COUNT": "1",
}
