"""A round-robin HTTP proxy: two Rasa instances behind one port, for the scale-out benchmark."""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web


def make_app(backends: list[str]) -> web.Application:
    """Forward every request to the next backend in turn."""
    cycle = itertools.cycle(backends)

    async def client_session(app: web.Application) -> AsyncIterator[None]:
        """One client session (and connection pool) for the proxy's whole life."""
        app["session"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300))
        yield
        await app["session"].close()

    async def forward(request: web.Request) -> web.Response:
        target = next(cycle) + request.path_qs
        body = await request.read()
        async with request.app["session"].request(
            request.method, target, data=body, headers={"Content-Type": "application/json"}
        ) as answer:
            return web.Response(
                body=await answer.read(), status=answer.status, content_type="application/json"
            )

    app = web.Application(client_max_size=2**20)
    app.cleanup_ctx.append(client_session)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


if __name__ == "__main__":
    port, *targets = sys.argv[1:]
    asyncio.set_event_loop(asyncio.new_event_loop())
    web.run_app(make_app(targets), host="127.0.0.1", port=int(port), print=None)
