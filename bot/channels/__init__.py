"""Rasa input channels of our own: the web widget."""
