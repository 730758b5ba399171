"""Safe Steps: a Rasa 3.6 bot that helps a young person being sextorted take the next safe step.

Modules here must not import Rasa at module level unless they only run inside Rasa
(the NLU components, the NLG class): the action server imports `bot` too.
"""
