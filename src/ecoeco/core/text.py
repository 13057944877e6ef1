"""What text the API accepts: no NUL and no C0 control characters but newline and tab."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

# C0 controls except \t (0x09) and \n (0x0a). PostgreSQL refuses NUL in text
# outright; the rest are never meant, and some (ESC, CR) forge log lines or terminals.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def has_control(value: str) -> bool:
    """True when the text holds a character the API refuses."""
    return CONTROL.search(value) is not None


def plain_text(value: str) -> str:
    """The text itself, or a ValueError naming the first refused character."""
    found = CONTROL.search(value)
    if found is not None:
        raise ValueError(f"control character U+{ord(found.group()):04X} is not allowed")
    return value


PlainText = Annotated[str, AfterValidator(plain_text)]
"""A `str` field that refuses control characters (422 through validation)."""
