"""Temporary cipher normalisation; replaced by the analysis package."""

import re

LOOKALIKES = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")


def normalize_cipher(value):
    """A canonical cipher key: upper case, Cyrillic letters, no separators."""
    value = value.translate(LOOKALIKES).upper().replace(",", ".")
    return re.sub(r"[\s_\-]+", "", value)
