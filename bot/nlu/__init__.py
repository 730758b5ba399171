"""Custom Rasa NLU graph components. Only Rasa loads these; the action server never does."""
