"""Compare offline language detectors on short chat messages, as the language hint uses them.

`python -m benchmarks.language_detection [held-out folder]` scores each detector, restricted
to the languages the bot speaks, on every NLU training message (short, chat-style, and never
seen by any detector), or on a held-out folder of <code>.yml files (aggregate figures only).
It reports accuracy per language, how many Welsh messages were read as English, the memory
each detector adds and its time per message. The detectors ship their own models; nothing
is downloaded.
"""

from __future__ import annotations

import gc
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.languages import BASE, languages

DATA = Path(__file__).resolve().parent.parent / "data" / "nlu"
Detector = Callable[[str], str | None]


def nlu_messages() -> list[tuple[str, str]]:
    """(text, language) of every NLU example: data/nlu/*.yml English, data/nlu/<code>/ others."""
    found = []
    for path in sorted(DATA.rglob("*.yml")):
        code = path.parent.name if path.parent != DATA else BASE
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    found.append((line.strip()[2:], code))
    return found


def heldout_messages(folder: Path) -> list[tuple[str, str]]:
    """(text, language) from held-out files of the form {language, categories: {name: [...]}}."""
    found = []
    for path in sorted(folder.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for messages in document["categories"].values():
            found += [(str(text), str(document["language"])) for text in messages]
    return found


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lingua(low_accuracy: bool, confidence: float = 0.0) -> Detector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in languages()]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models()
    detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

    def detect(text: str) -> str | None:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value < confidence:
            return None
        return str(values[0].language.iso_code_639_1.name.lower())

    return detect


def py3langid() -> Detector:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages()))
    return lambda text: str(identifier.classify(text)[0])


def shipped() -> Detector:
    from bot.nlu.language_detector import Detector as Shipped

    return Shipped(languages()).detect


def langdetect() -> Detector:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    wanted = set(languages())

    def detect(text: str) -> str | None:
        try:
            return next((g.lang for g in detect_langs(text) if g.lang in wanted), None)
        except LangDetectException:
            return None

    return detect


DETECTORS: dict[str, Callable[[], Detector]] = {
    "lingua (high accuracy)": lambda: lingua(low_accuracy=False),
    "lingua (high accuracy, confidence >= 0.5)": lambda: lingua(False, 0.5),
    "lingua (low accuracy)": lambda: lingua(low_accuracy=True),
    "lingua (low accuracy, confidence >= 0.5)": lambda: lingua(True, 0.5),
    "lingua (low accuracy, confidence >= 0.7)": lambda: lingua(True, 0.7),
    "py3langid": py3langid,
    "shipped: lingua (low) vetoed by py3langid": shipped,
    "langdetect": langdetect,
}


def row(name: str, messages: list[tuple[str, str]]) -> str:
    """One detector's table row, measured in this (fresh) process."""
    totals = Counter(code for _, code in messages)
    if name.startswith("shipped"):
        # The shipped detector lives in a Rasa component: Rasa is loaded before measuring,
        # as it is in the Rasa process, so only the detectors' own memory is counted.
        import bot.nlu.language_detector  # noqa: F401
    gc.collect()
    before = rss_mb()
    detect = DETECTORS[name]()
    detect("warm up")
    added = rss_mb() - before
    started = time.perf_counter()
    guesses = [(detect(text), code) for text, code in messages]
    per_message = (time.perf_counter() - started) * 1000 / len(messages)
    right = Counter(code for guess, code in guesses if guess == code)
    welsh_as_english = sum(1 for guess, code in guesses if code == "cy" and guess == "en")
    # A hint offered to someone writing English: another language detected in English text.
    false_hints = sum(1 for guess, code in guesses if code == BASE and guess not in (None, BASE))
    cells = " | ".join(f"{right[code] / totals[code]:.1%}" for code in sorted(totals))
    misread = f"{welsh_as_english}/{totals['cy']}" if totals["cy"] else "-"
    hints = f"{false_hints}/{totals[BASE]}" if totals[BASE] else "-"
    return f"| {name} | {cells} | {misread} | {hints} | {added:.0f} | {per_message:.2f} |"


def main(argv: list[str]) -> None:
    folder = next((Path(a) for a in argv if not a.startswith("--")), None)
    messages = heldout_messages(folder) if folder else nlu_messages()
    only = next((a.split("=", 1)[1] for a in argv if a.startswith("--detector=")), None)
    if only:
        print(row(only, messages))
        return
    totals = Counter(code for _, code in messages)
    print(f"{len(messages)} messages: {dict(sorted(totals.items()))}")
    header = " | ".join(f"{code} right" for code in sorted(totals))
    print(f"| detector | {header} | cy read as en | en read as another | +RSS MB | ms/msg |")
    print("|---" * (len(totals) + 5) + "|")
    for name in DETECTORS:
        # Each detector in its own process, so the memory it adds is its own.
        command = [sys.executable, "-m", "benchmarks.language_detection", f"--detector={name}"]
        done = subprocess.run(
            [*command, *([str(folder)] if folder else [])], capture_output=True, text=True
        )
        print(done.stdout.strip() or done.stderr.strip().splitlines()[-1])


if __name__ == "__main__":
    main(sys.argv[1:])
