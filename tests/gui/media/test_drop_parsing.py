"""Drop parsing without Qt widgets: URI lists, Firefox links, plain text and folders."""

from __future__ import annotations

from pathlib import Path

from ocoya_desktop.domain import drops
from tests.helpers import media_files


def test_uri_list_skips_comments_and_blank_lines() -> None:
    body = "# dragged from a page\r\nhttps://example.test/a.png\r\n\r\nfile:///tmp/b.jpg\r\n"

    assert drops.parse_uri_list(body) == ["https://example.test/a.png", "file:///tmp/b.jpg"]


def test_moz_url_reads_utf16_first_line() -> None:
    body = "https://example.test/photo.jpg\nA title".encode("utf-16-le")

    assert drops.parse_moz_url(body) == "https://example.test/photo.jpg"
    assert drops.parse_moz_url(b"") is None


def test_plain_text_accepts_one_url_or_path() -> None:
    assert drops.parse_plain_text(" https://example.test/a.gif \n") == "https://example.test/a.gif"
    assert drops.parse_plain_text("/tmp/My Photos/a b.png") == "/tmp/My Photos/a b.png"
    assert drops.parse_plain_text("look at https://example.test/a.gif") is None
    assert drops.parse_plain_text("https://a.test/1.png\nhttps://a.test/2.png") is None


def test_expand_keeps_order_and_classifies(tmp_path: Path) -> None:
    photo = media_files.make_png(tmp_path / "one.png")

    expansion = drops.expand_drop(
        ["https://example.test/x.jpg", str(photo), str(tmp_path / "missing.png")]
    )

    assert expansion.items[0] == drops.DroppedLink("https://example.test/x.jpg")
    assert expansion.items[1] == drops.DroppedFile(photo)
    assert isinstance(expansion.items[2], drops.UnresolvedDrop)
    assert "was not found" in expansion.items[2].reason


def test_folder_lists_media_by_content_not_name(tmp_path: Path) -> None:
    folder = tmp_path / "album"
    folder.mkdir()
    media_files.make_jpeg(folder / "photo.txt")  # a JPEG with a misleading name
    media_files.make_text_file(folder / "fake.png")  # text with an image name
    media_files.make_mp4(folder / "clip.mp4")

    expansion = drops.expand_drop([str(folder)])

    names = [item.path.name for item in expansion.items if isinstance(item, drops.DroppedFile)]
    assert names == ["clip.mp4", "photo.txt"]
    assert "fake.png" in expansion.notes[0]


def test_empty_folder_gets_note(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()

    expansion = drops.expand_drop([str(folder)])

    assert expansion.items == []
    assert expansion.notes == ["The folder empty contains no images or videos."]


def test_save_image_bytes_reuses_same_content(tmp_path: Path) -> None:
    data = media_files.make_png(tmp_path / "source.png").read_bytes()

    first = drops.save_image_bytes(data, tmp_path / "pasted")
    second = drops.save_image_bytes(data, tmp_path / "pasted")

    assert first == second
    assert first.read_bytes() == data
    assert [path.name for path in (tmp_path / "pasted").iterdir()] == [first.name]
