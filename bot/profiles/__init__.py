"""Deployment profiles: per-school and per-charity wording, services and branding.

Pure Python (no Rasa import), so the action server, the NLG and the CLI share it.
"""
