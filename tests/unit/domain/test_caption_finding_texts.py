"""Caption findings carry translatable texts whose English matches the plain sentences."""

from __future__ import annotations

import re

from ocoya_desktop.domain.captions import CaptionFinding, check_caption
from ocoya_desktop.domain.networks import Network

FIELD = re.compile(r"(\{[^{}]*\})")


def shout(template: str) -> str:
    """Upper-case the words of ``template`` and keep its fields, as a stand-in translator."""
    return "".join(
        part if FIELD.fullmatch(part) else part.upper() for part in FIELD.split(template)
    )


def single_finding(
    caption: str, network: Network | None, code: str, *, x_paid: bool = False
) -> CaptionFinding:
    networks = [] if network is None else [network]
    findings = [
        finding
        for finding in check_caption(caption, networks, x_paid=x_paid)
        if finding.network is network and finding.code == code
    ]
    assert len(findings) == 1
    return findings[0]


def test_ocoya_limit_english() -> None:
    finding = single_finding("a" * 10_002, None, "ocoya.caption_too_long")

    assert str(finding.message_text) == (
        "The caption is 10,002 characters long, but Ocoya accepts at most 10,000. Ocoya counts "
        "most emoji and some rare symbols as 2 characters each."
    )
    assert str(finding.fix_text) == (
        "Shorten the caption by at least 2 characters to 10,000 characters or fewer."
    )
    assert finding.message == str(finding.message_text)
    assert finding.fix == str(finding.fix_text)


def test_ocoya_limit_translated() -> None:
    finding = single_finding("a" * 10_001, None, "ocoya.caption_too_long")

    assert finding.message_text.render(shout) == (
        "THE CAPTION IS 10,001 CHARACTERS LONG, BUT OCOYA ACCEPTS AT MOST 10,000. OCOYA COUNTS "
        "MOST EMOJI AND SOME RARE SYMBOLS AS 2 CHARACTERS EACH."
    )
    assert finding.fix_text.render(shout) == (
        "SHORTEN THE CAPTION BY AT LEAST 1 CHARACTER TO 10,000 CHARACTERS OR FEWER."
    )


def test_x_free_limit_translated() -> None:
    finding = single_finding("a" * 1_311, Network.X, "caption.over_limit")

    assert finding.message_text.render(shout) == (
        "X ALLOWS 280 CHARACTERS FOR ACCOUNTS WITHOUT X PREMIUM; THIS CAPTION HAS 1,311 AS X "
        "COUNTS THEM (EVERY LINK COUNTS AS 23 AND MOST EMOJI AS 2). X MAY REJECT OR CUT THE POST."
    )
    assert finding.fix_text.render(shout) == (
        "SHORTEN IT BY 1,031, OR MARK THE PROFILE AS A PAID X ACCOUNT (RIGHT-CLICK IT IN THE "
        "SIDEBAR), OR REMOVE X FROM THIS POST."
    )


def test_unit_word_translated() -> None:
    finding = single_finding("a" * 25_001, Network.X, "caption.over_limit", x_paid=True)

    assert finding.message == (
        "The caption has 25,001 characters as X counts them, over the X limit of 25,000. "
        "X may reject or cut the post."
    )
    assert finding.fix_text.render(shout) == (
        "SHORTEN THE CAPTION TO AT MOST 25,000 CHARACTERS AS X COUNTS THEM, OR REMOVE X FROM "
        "THIS POST."
    )


def test_byte_limit_translated() -> None:
    finding = single_finding("日" * 1_001, Network.BLUESKY, "caption.over_byte_limit")

    assert finding.message_text.render(shout) == (
        "THE CAPTION HAS 3,003 BYTES IN UTF-8, OVER THE Bluesky LIMIT OF 3,000 BYTES. "
        "NON-LATIN LETTERS AND EMOJI TAKE 2 TO 4 BYTES EACH."
    )


def test_hashtag_count_translated() -> None:
    caption = " ".join(f"#tag{number}" for number in range(32))
    finding = single_finding(caption, Network.INSTAGRAM, "caption.too_many_hashtags")

    assert finding.message == (
        "The caption has 32 hashtags, but Instagram allows at most 30. "
        "Instagram may reject the post."
    )
    assert finding.message_text.render(shout) == (
        "THE CAPTION HAS 32 HASHTAGS, BUT Instagram ALLOWS AT MOST 30. "
        "Instagram MAY REJECT THE POST."
    )
    assert finding.fix == "Remove 2 hashtags."
    assert finding.fix_text.render(shout) == "REMOVE 2 HASHTAGS."


def test_one_mention_too_many() -> None:
    caption = " ".join(f"@user{number}" for number in range(21))
    finding = single_finding(caption, Network.INSTAGRAM, "caption.too_many_mentions")

    assert finding.fix == "Remove 1 mention."
    assert finding.fix_text.render(shout) == "REMOVE 1 MENTION."


def test_reserved_hashtag_translated() -> None:
    finding = single_finding("A #hash first", Network.LINKEDIN, "caption.reserved_character")

    assert finding.message == (
        'LinkedIn reads the hashtag "#hash" at character 3 as markup and would publish the post '
        "cut off there. The caption contains 1 of its reserved characters "
        "(# ( ) * < > @ [ \\ ] _ { | } ~)."
    )
    assert finding.message_text.render(shout) == (
        'LinkedIn READS THE HASHTAG "#hash" AT CHARACTER 3 AS MARKUP AND WOULD PUBLISH THE POST '
        "CUT OFF THERE. THE CAPTION CONTAINS 1 OF ITS RESERVED CHARACTERS "
        "(# ( ) * < > @ [ \\ ] _ { | } ~)."
    )
    assert finding.fix_text.render(shout) == (
        "REMOVE OR REWORD THE MARKED CHARACTERS, INCLUDING THE # OF HASHTAGS AND THE @ OF "
        "MENTIONS, OR REMOVE LinkedIn FROM THIS POST."
    )


def test_reserved_character_quoted() -> None:
    recorded: list[str] = []

    def record(template: str) -> str:
        recorded.append(template)
        return template

    finding = single_finding("Hi (there)", Network.LINKEDIN, "caption.reserved_character")
    finding.message_text.render(record)

    assert '"{character}"' in recorded
    assert finding.message.startswith('LinkedIn reads "(" at character 4 as markup')


def test_fold_translated() -> None:
    finding = single_finding("x" * 200, Network.INSTAGRAM, "caption.folded")

    assert finding.message_text.render(shout) == (
        'Instagram SHOWS ABOUT THE FIRST 125 CHARACTERS IN THE FEED, THEN "MORE". THIS ESTIMATE '
        "IS NOT DOCUMENTED BY THE NETWORK."
    )
    assert finding.fix_text.render(shout) == "PUT THE HOOK OF THE POST BEFORE THE MARK."
