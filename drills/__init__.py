"""Fault drills and hostile input against the real bot.

`make test` runs them small (tests/system/test_drills.py); `make drills` runs them at full size and
writes docs/reliability.md (python -m drills).
"""
