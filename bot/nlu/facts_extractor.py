"""A Rasa NLU component that adds `country`, `nation`, `age_band` and `role` entities,
deterministically."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.training_data.message import Message

from bot.facts import Found, find_ages, find_country, find_nation, find_role
from bot.language_facts import LanguageFacts, shipped_facts
from bot.registry import Registry, default_registry
from bot.signposting import AGE_BANDS


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class FactsExtractor(GraphComponent, EntityExtractorMixin):
    """Turns "im 15 from scotland" into entities country=uk and age_band=13_17."""

    def __init__(self, registry: Registry, other_languages: LanguageFacts) -> None:
        self.registry = registry
        self.other_languages = other_languages

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FactsExtractor:
        """Use the shipped registry's country aliases and every language's facts.yml, read
        now, so a mistake in one stops the start-up with its name, not a message later."""
        return cls(default_registry(), shipped_facts())

    def _replayed(self, message: Message, already: set[str]) -> list[Found]:
        """Facts the widget re-sends after a restart; what the text says wins."""
        metadata = message.get("metadata") or {}
        facts = metadata.get("facts") if isinstance(metadata, dict) else None
        if not isinstance(facts, dict):
            return []
        valid = {"country": set(self.registry.countries), "age_band": set(AGE_BANDS)}
        return [
            Found(entity, value, 0, 0)
            for entity, value in facts.items()
            if entity in valid and value in valid[entity] and entity not in already
        ]

    def process(self, messages: list[Message]) -> list[Message]:
        """Append the facts found as entities; slots fill from them by their mappings."""
        for message in messages:
            text = message.get("text") or ""
            other = self.other_languages
            candidates = (
                find_country(self.registry, text, other),
                find_nation(text),
                find_role(text, other),
            )
            found = [fact for fact in candidates if fact] + find_ages(text, other)
            found += self._replayed(message, {fact.entity for fact in found})
            if not found:
                continue
            entities = list(message.get("entities") or [])
            entities += [
                {
                    "entity": fact.entity,
                    "value": fact.value,
                    "start": fact.start,
                    "end": fact.end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for fact in found
            ]
            message.set("entities", entities, add_to_output=True)
        return messages
