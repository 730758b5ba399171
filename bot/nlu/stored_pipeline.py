"""Keeping a fitted scikit-learn pipeline inside the Rasa model, for our trained components.

The intent model and the risk model are both scikit-learn pipelines that Rasa trains and
caches like its own components. Both need the same things: a hash of the code and files Rasa's
cache cannot see, a start with no model before training, and writing and reading the pipeline
in the component's own storage.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

ModelT = TypeVar("ModelT")
ComponentT = TypeVar("ComponentT", bound="StoredModelComponent[Any]")


def fingerprint(files: Iterable[Path]) -> str:
    """A short hash of the files' contents; part of a component's config, so that a change to
    them retrains the component instead of reusing Rasa's cached one."""
    contents = b"".join(path.read_bytes() for path in files if path.is_file())
    return hashlib.sha256(contents).hexdigest()[:16]


def write_pipeline(storage: ModelStorage, resource: Resource, name: str, pipeline: Any) -> None:
    """Keep the fitted pipeline in the component's own directory of the model."""
    with storage.write_to(resource) as directory:
        (directory / name).write_bytes(pickle.dumps(pipeline))


def read_pipeline(storage: ModelStorage, resource: Resource, name: str) -> Any:
    """The pipeline this model trained: our own file inside our own model, never user input."""
    with storage.read_from(resource) as directory:
        return pickle.loads((directory / name).read_bytes())


class StoredModelComponent(GraphComponent, Generic[ModelT]):
    """A trainable component whose model is kept in the Rasa model: it starts with no model
    (`create`, before training) or with the one it stored (`load`).

    A subclass names its file and how a stored pipeline becomes its model, and calls `store`
    at the end of `train`.
    """

    stored_file: ClassVar[str]
    # The model class: built from the stored pipeline.
    model_type: ClassVar[type[Any]]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: ModelT | None = None,
    ) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.model = model

    @classmethod
    def create(
        cls: type[ComponentT],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ComponentT:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: type[ComponentT],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ComponentT:
        """Read the pipeline this model trained (our own file inside our own model)."""
        pipeline = read_pipeline(model_storage, resource, cls.stored_file)
        return cls(config, model_storage, resource, cls.model_type(pipeline))

    def store(self, pipeline: Any) -> Resource:
        """Keep the fitted pipeline with the model; what `train` returns."""
        write_pipeline(self.model_storage, self.resource, self.stored_file, pipeline)
        return self.resource
