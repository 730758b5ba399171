"""Dialogue policies of our own (config.yml lists them next to Rasa's)."""
