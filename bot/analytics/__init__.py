"""Anonymous impact counts: what happened, per day, deployment profile and country.

Never a sender id, never text, nothing finer than a day. See counting.py for what is
counted, recorder.py for how it is written, stats.py for how it is read.
"""
