"""Chinese names: normalisation and pinyin keys used for logins and search."""

import re

from pypinyin import Style, lazy_pinyin

_INNER_SPACE = re.compile(r"[\s\u3000]+")


def normalize_name(name: str) -> str:
    """Documents pad two-character names for alignment (林  晖); the person is 林晖."""
    return _INNER_SPACE.sub("", name)


def name_pinyin(name: str) -> str:
    """梁玉华 → liangyuhua (letters only, for usernames)."""
    return "".join(lazy_pinyin(normalize_name(name), style=Style.NORMAL)).lower().replace("ü", "v")


def name_initials(name: str) -> str:
    """梁玉华 → lyh, for search by initials."""
    return "".join(lazy_pinyin(normalize_name(name), style=Style.FIRST_LETTER)).lower()
