"""The rig: everything that drives the bot from outside, kept apart from the runtime in bot/.

Server harness and fixtures (Rasa, action server, Redis, PostgreSQL, nginx), the one HTTP
helper, the load, fuzz and fault pieces shared by tests, drills and benchmarks, and the
transcripts writer. It imports bot/; bot/ and actions/ never import it (tests/unit checks).
It lives in the checkout and is not part of the runtime wheel.
"""
