"""Find the parts of a caption that networks count or treat specially.

Positions come in two forms. Python ``str`` indices count code points. Qt's text classes, and
the JavaScript and Java services behind the networks, count UTF-16 code units, in which each
character above U+FFFF takes two.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

import regex

_GRAPHEME = regex.compile(r"\X")
_EMOJI_PRESENTATION = regex.compile(r"\p{Emoji_Presentation}")
_EMOJI = regex.compile(r"\p{Emoji}")
_REGIONAL_INDICATOR_PAIR = regex.compile(r"[\U0001F1E6-\U0001F1FF]{2}")
_SKIN_TONE = regex.compile(r"[\U0001F3FB-\U0001F3FF]")
_VARIATION_SELECTOR_EMOJI = "\ufe0f"
_ZERO_WIDTH_JOINER = "\u200d"
_KEYCAP = "\u20e3"

# A hashtag is "#" and word characters, not right after a word character, "&" (HTML entities),
# "/" (URL fragments) or another "#". Hashtags made only of digits are not hashtags.
_HASHTAG = regex.compile(r"(?<![\p{L}\p{M}\p{N}_&#/])[#\uFF03]([\p{L}\p{M}\p{N}_]+)")
# A mention is "@" and a user name of letters, digits, "_" and inner ".", not right after a
# word character, so e-mail addresses are not mentions.
_MENTION = regex.compile(r"(?<![\p{L}\p{M}\p{N}_@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")

# NOTE: twitter-text matches bare domains against the full IANA list of top-level domains and
# also accepts internationalised domain names. This list contains the common generic domains and
# the country codes most used for links, so a bare link such as "shop.example.fr" counts as a
# URL but one under a rarer top-level domain counts character by character.
# fmt: off
_KNOWN_TLDS = (
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "mobi", "app",
    "dev", "page", "blog", "shop", "store", "online", "site", "tech", "news", "live", "cloud",
    "link", "art", "design", "media", "studio", "agency", "social", "club", "world", "xyz", "top",
    "ai", "io", "co", "me", "tv", "ly", "gl", "gg", "fm", "to", "sh", "so", "ws", "cc", "la",
    "im", "is", "ac", "vc", "uk", "de", "fr", "es", "it", "nl", "be", "eu", "ch", "at", "se",
    "no", "dk", "fi", "pl", "pt", "ie", "cz", "hu", "ro", "gr", "tr", "ru", "ua", "us", "ca",
    "mx", "br", "ar", "cl", "au", "nz", "jp", "cn", "kr", "tw", "hk", "sg", "in", "id", "my",
    "th", "ph", "vn", "il", "ae", "sa", "za", "ng", "ke",
)
# fmt: on
_URL = regex.compile(
    r"""
    https?://[^\s<>"]+
    | (?<![\p{L}\p{N}_@$./:-])
      (?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+
      (?:"""
    + "|".join(sorted(_KNOWN_TLDS, key=len, reverse=True))
    + r""")
      (?![\p{L}\p{N}_-])
      (?::[0-9]{1,5})?
      (?:[/?\#][^\s<>"]*)?
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# Punctuation that ends a sentence rather than a URL, as in "see example.com/a." or "(x.com)".
_URL_TRAILING_PUNCTUATION = ".,:;!?'\"*"


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A run of characters in a caption, as Python indices and as UTF-16 offsets."""

    start: int
    end: int
    start_utf16: int
    end_utf16: int


class Utf16Offsets:
    """Convert Python ``str`` indices of one text into UTF-16 offsets."""

    def __init__(self, text: str) -> None:
        self._offsets = [0]
        total = 0
        for character in text:
            total += 2 if ord(character) > 0xFFFF else 1
            self._offsets.append(total)

    def at(self, index: int) -> int:
        """Return the UTF-16 offset of the Python index ``index`` (0 to ``len(text)``)."""
        return self._offsets[index]

    def span(self, start: int, end: int) -> TextSpan:
        """Return the span from ``start`` to ``end`` with its UTF-16 offsets."""
        return TextSpan(start, end, self._offsets[start], self._offsets[end])


def utf16_length(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def grapheme_clusters(text: str) -> list[str]:
    """Split ``text`` into extended grapheme clusters (user-perceived characters)."""
    clusters: list[str] = _GRAPHEME.findall(text)
    return clusters


def is_emoji_cluster(cluster: str) -> bool:
    """Tell whether a grapheme cluster shows as one emoji.

    Counted as emoji: characters drawn as emoji by default, flags (regional indicator pairs
    and tag sequences), keycaps such as "1️⃣", and a character that has an emoji form when a
    variation selector U+FE0F, a skin tone or a zero-width joiner follows it. A character
    such as "©" or "1" on its own is text.
    """
    if not cluster:
        return False
    if _EMOJI_PRESENTATION.match(cluster) or _REGIONAL_INDICATOR_PAIR.match(cluster):
        return True
    if cluster.endswith(_KEYCAP) and cluster[0] in "0123456789#*":
        return True
    if not _EMOJI.match(cluster):
        return False
    return (
        _VARIATION_SELECTOR_EMOJI in cluster
        or _ZERO_WIDTH_JOINER in cluster
        or _SKIN_TONE.search(cluster) is not None
    )


def iter_clusters(text: str) -> Iterator[tuple[int, str]]:
    """Yield each grapheme cluster of ``text`` with its Python start index."""
    for match in _GRAPHEME.finditer(text):
        yield match.start(), match.group()


def find_urls(text: str) -> list[tuple[int, int]]:
    """Find URLs in ``text`` as (start, end) Python indices, as X recognises them.

    Both ``http(s)://`` links and bare domains under a known top-level domain count, with
    their port, path, query and fragment. Trailing sentence punctuation and an unbalanced
    closing bracket are not part of the URL.
    """
    urls = []
    for match in _URL.finditer(text):
        start = match.start()
        end = _trim_url_end(text, start, match.end())
        if end > start:
            urls.append((start, end))
    return urls


def _trim_url_end(text: str, start: int, end: int) -> int:
    while end > start:
        last = text[end - 1]
        closes_bracket = last in ")]}" and _is_unbalanced_close(text[start:end])
        if last not in _URL_TRAILING_PUNCTUATION and not closes_bracket:
            break
        end -= 1
    return end


def _is_unbalanced_close(url: str) -> bool:
    closing = url[-1]
    opening = {")": "(", "]": "[", "}": "{"}[closing]
    return url.count(closing) > url.count(opening)


def find_hashtags(text: str) -> list[tuple[int, int]]:
    """Find hashtags (``#word``) in ``text`` as (start, end) Python indices, "#" included."""
    spans = []
    for match in _HASHTAG.finditer(text):
        if not match.group(1).isdigit():
            spans.append((match.start(), match.end()))
    return spans


def find_mentions(text: str) -> list[tuple[int, int]]:
    """Find mentions (``@name``) in ``text`` as (start, end) Python indices, "@" included."""
    return [(match.start(), match.end()) for match in _MENTION.finditer(text)]


def find_characters(text: str, characters: Collection[str]) -> list[int]:
    """Return the Python index of every character of ``text`` that is in ``characters``."""
    return [index for index, character in enumerate(text) if character in characters]
