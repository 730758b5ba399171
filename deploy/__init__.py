"""The production recipe: nginx in front of N Rasa instances, systemd units, one settings file.

Python here renders the recipe's files (deploy/render.py); docs/deploying.md is the how-to.
"""
