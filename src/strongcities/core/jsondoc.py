"""Shared pieces of the JSON import formats (cities, practices): field errors and record lines."""

import json


class FieldError(Exception):
    """One field's problem while reading a record: which field (a dotted path) and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def record_lines(text: str, key: str) -> list[int]:
    """The line on which each element of the top-level list under `key` starts (1-based)."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    pos = _skip_ws(text, 0)
    if not text.startswith("{", pos):
        return lines
    pos = _skip_ws(text, pos + 1)
    while pos < len(text) and text[pos] != "}":
        name, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, _skip_ws(text, pos) + 1)  # past the colon
        if name == key and text.startswith("[", pos):
            lines, pos = _list_lines(text, pos, decoder)
        else:
            _value, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
    return lines


def _list_lines(text: str, pos: int, decoder: json.JSONDecoder) -> tuple[list[int], int]:
    lines = []
    pos = _skip_ws(text, pos + 1)
    while pos < len(text) and text[pos] != "]":
        lines.append(text.count("\n", 0, pos) + 1)
        _value, pos = decoder.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
    return lines, pos + 1
