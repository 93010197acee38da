"""The X length warning names the free limit, the excess and both fixes."""

from __future__ import annotations

from ocoya_desktop.domain.captions import Severity, check_caption
from ocoya_desktop.domain.networks import Network


def test_free_x_overflow_names_paid_option() -> None:
    findings = [f for f in check_caption("a" * 311, [Network.X]) if f.network is Network.X]

    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.code == "caption.over_limit"
    assert finding.message.startswith(
        "X allows 280 characters for accounts without X Premium; this caption has 311"
    )
    assert finding.fix.startswith(
        "Shorten it by 31, or mark the profile as a paid X account (right-click it in the sidebar)"
    )


def test_paid_x_overflow_keeps_general_wording() -> None:
    text = "a" * 25_001
    findings = [f for f in check_caption(text, [Network.X], x_paid=True) if f.network is Network.X]

    assert [f.code for f in findings] == ["caption.over_limit"]
    assert "over the X limit of 25,000" in findings[0].message
    assert "paid X account" not in findings[0].fix
