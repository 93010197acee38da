"""The media list model: row moves, drag-and-drop reordering inside the view, and roles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from ocoya_desktop.ui.models.media_list_model import (
    ROW_MIME_TYPE,
    MediaItem,
    MediaListModel,
    MediaRole,
    MediaState,
    format_size,
)


def _model(*names: str) -> MediaListModel:
    model = MediaListModel()
    model.append_items([MediaItem(Path(f"/media/{name}"), name, 2048) for name in names])
    return model


def _names(model: MediaListModel) -> list[str]:
    return [item.display_name for item in model.items()]


def test_move_item_down_and_up() -> None:
    model = _model("a", "b", "c")

    assert model.move_item(0, 2)
    assert _names(model) == ["b", "c", "a"]
    assert model.move_item(2, 0)
    assert _names(model) == ["a", "b", "c"]


def test_move_item_rejects_rows_out_of_range() -> None:
    model = _model("a", "b")

    assert not model.move_item(0, 2)
    assert not model.move_item(-1, 0)
    assert not model.move_item(1, 1)
    assert _names(model) == ["a", "b"]


def test_internal_drop_moves_dragged_rows() -> None:
    model = _model("a", "b", "c", "d")
    dragged = model.mimeData([model.index(0), model.index(1)])

    assert dragged.hasFormat(ROW_MIME_TYPE)
    assert model.canDropMimeData(dragged, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    # Dropping past the last row appends the dragged rows in their order.
    model.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, QModelIndex())

    assert _names(model) == ["c", "d", "a", "b"]


def test_internal_drop_on_item_inserts_before_it() -> None:
    model = _model("a", "b", "c")
    dragged = model.mimeData([model.index(2)])

    model.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, model.index(0))

    assert _names(model) == ["c", "a", "b"]


def test_copy_drop_is_rejected() -> None:
    model = _model("a", "b")
    dragged = model.mimeData([model.index(0)])

    assert not model.canDropMimeData(dragged, Qt.DropAction.CopyAction, 2, 0, QModelIndex())


def test_rows_moved_signal_reports_move() -> None:
    model = _model("a", "b", "c")
    moves: list[tuple[int, int, int]] = []
    model.rowsMoved.connect(lambda _p, start, end, _d, row: moves.append((start, end, row)))

    model.move_item(0, 1)

    assert moves == [(0, 0, 2)]


def test_roles_describe_uploading_item() -> None:
    model = _model("photo.jpg")
    item = model.item_at(0)
    item.state = MediaState.UPLOADING
    item.progress = 40
    index = model.index(0)

    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "photo.jpg"
    assert model.data(index, MediaRole.STATE) is MediaState.UPLOADING
    assert model.data(index, MediaRole.PROGRESS) == 40
    assert model.data(index, MediaRole.SIZE_TEXT) == "2 KB"
    assert model.data(index, MediaRole.PUBLIC_URL) is None
    assert "Uploading 40%" in model.data(index, Qt.ItemDataRole.AccessibleTextRole)


def test_remove_item_returns_it_once() -> None:
    model = _model("a", "b")
    item_id = model.item_at(0).item_id

    removed = model.remove_item(item_id)

    assert removed is not None and removed.display_name == "a"
    assert model.remove_item(item_id) is None
    assert _names(model) == ["b"]


def test_format_size_units() -> None:
    assert format_size(None) == ""
    assert format_size(512) == "512 bytes"
    assert format_size(840 * 1024) == "840 KB"
    assert format_size(int(4.2 * 1024 * 1024)) == "4.2 MB"
