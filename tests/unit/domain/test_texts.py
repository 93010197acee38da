"""Text: English templates with values, rendered as English or through a translator."""

from __future__ import annotations

import ast
from pathlib import Path

from ocoya_desktop.domain.texts import QT_TRANSLATE_NOOP, TEXT_CONTEXT, Text, plural, text


def test_str_is_english_sentence() -> None:
    sentence = text("{name} needs at least {count:,} photos.", name="Instagram", count=1200)

    assert str(sentence) == "Instagram needs at least 1,200 photos."


def test_nested_text_rendered_first() -> None:
    unit = text("characters as X counts them")
    sentence = text("The caption has {used} {unit}.", used=300, unit=unit)

    assert str(sentence) == "The caption has 300 characters as X counts them."


def test_render_translates_each_template() -> None:
    sentence = text("Remove {what}.", what=text("the hashtag"))
    catalog = {"Remove {what}.": "Entfernen Sie {what}.", "the hashtag": "das Hashtag"}

    assert sentence.render(lambda template: catalog.get(template, template)) == (
        "Entfernen Sie das Hashtag."
    )


def test_plural_picks_english_form() -> None:
    singular = plural(1, "{count} character", "{count} characters")
    many = plural(3, "{count} character", "{count} characters")

    assert str(singular) == "1 character"
    assert str(many) == "3 characters"
    assert isinstance(many, Text)


def test_marker_returns_source() -> None:
    assert QT_TRANSLATE_NOOP(TEXT_CONTEXT, "Attach one.") == "Attach one."


def test_markers_use_literal_context() -> None:
    # lupdate extracts a marked template only when its context is a string literal.
    package = Path(__file__).resolve().parents[3] / "ocoya_desktop" / "domain"
    contexts: list[str] = []
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            is_marker = (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "QT_TRANSLATE_NOOP"
            )
            if is_marker and isinstance(node, ast.Call):
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{source}:{node.lineno}"
                contexts.append(first.value)

    assert len(contexts) > 50
    assert set(contexts) == {TEXT_CONTEXT}
