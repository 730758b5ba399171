"""The shipped registry, and its contact details as the replies must show them."""

from __future__ import annotations

from bot.registry import default_registry

REGISTRY = default_registry()


def reach(service_id: str, field: str) -> str:
    """A contact detail of a registry service (phone, text_number or web), which must exist."""
    value = getattr(REGISTRY.service(service_id).contact, field)
    assert value, f"{service_id} has no {field}"
    return str(value)
