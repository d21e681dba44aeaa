"""Exceptions stancelib raises; each message names the file or field and what fixes it."""


class ModelFileError(RuntimeError):
    """A model file is missing or unreadable; the message names the file and the command that rebuilds it."""


class CorpusError(ValueError):
    """A corpus or authoring file breaks the documented format."""


def check_text(text) -> None:
    """Raise ``TypeError`` unless ``text`` is a ``str`` (bytes, None and lists are refused)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
