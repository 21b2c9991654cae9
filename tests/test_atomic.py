"""The one way irdocs writes a document, piece by piece: the size the readers accept, the folder
it may create, the target it may replace, and what each refusal says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from irdocs.documents.atomic import (
    Refused,
    check_size,
    check_target,
    existing_ancestor,
    make_folder,
)


def test_a_document_may_be_exactly_as_large_as_the_readers_read() -> None:
    check_size(b"x" * 1000, limit=1000)
    with pytest.raises(Refused) as refused:
        check_size(b"x" * 1001, limit=1000)
    assert str(refused.value) == (
        "the file would be 0.0 MiB, and documents over 0.000953674 MiB are not read; shorten it "
        "(move long text out of the front matter)"
    )
    with pytest.raises(Refused, match=r"^the file would be 1\.5 MiB, and documents over 1 MiB "):
        check_size(b"x" * (3 * 512 * 1024))
    # just over 1.05 MiB reads 1.1; a MiB of 1025 * 1024 bytes would make it 1.0
    with pytest.raises(Refused, match=r"^the file would be 1\.1 MiB, and documents over 1 MiB "):
        check_size(b"x" * 1_101_005)


def test_the_nearest_existing_ancestor(tmp_path: Path) -> None:
    assert existing_ancestor(tmp_path / "a" / "b" / "c.md") == tmp_path
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert existing_ancestor(tmp_path / "gone" / "x.md") == tmp_path / "gone"  # a dangling link
    assert existing_ancestor(tmp_path) == tmp_path


def test_a_folder_is_made_only_inside_the_handbook(tmp_path: Path) -> None:
    root, outside = tmp_path / "handbook", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    make_folder(root, root / "incidents" / "2026")
    assert (root / "incidents" / "2026").is_dir()
    (root / "escape").symlink_to(outside)
    with pytest.raises(Refused) as refused:
        make_folder(root, root / "escape" / "deeper")
    assert str(refused.value) == (
        f"{root / 'escape' / 'deeper'} is outside the handbook ({root}); irdocs writes only "
        "inside it"
    )
    assert not (outside / "deeper").exists()


def test_a_folder_made_meanwhile_as_a_link_out_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race make_folder guards against: between its check and its mkdir, another process
    makes the folder, as a link out of the handbook. The other process is played by mkdir."""
    root, outside = tmp_path / "handbook", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()

    def linked_meanwhile(self: Path, *args: object, **kwargs: object) -> None:
        self.symlink_to(outside)

    monkeypatch.setattr(Path, "mkdir", linked_meanwhile)
    with pytest.raises(Refused) as refused:
        make_folder(root, root / "incidents")
    assert str(refused.value) == (
        f"{root / 'incidents'} is outside the handbook ({root}); irdocs writes only inside it"
    )


def test_the_target_is_a_regular_file_inside_the_handbook(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    (root / "incidents").mkdir(parents=True)
    check_target(root, root / "incidents" / "new.md")  # not there yet: fine
    (root / "incidents" / "plain.md").write_text("---\n")
    check_target(root, root / "incidents" / "plain.md")
    link = root / "incidents" / "link.md"
    link.symlink_to(root / "incidents" / "plain.md")
    with pytest.raises(Refused) as refused:
        check_target(root, link)
    assert str(refused.value) == (
        f"{link} is a symlink; irdocs never writes through or over a link (edit the file it "
        "points at, by its own path)"
    )
    fifo = root / "incidents" / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(Refused) as refused:
        check_target(root, fifo)
    assert str(refused.value) == f"{fifo} is not a regular file; irdocs writes only regular files"
    with pytest.raises(Refused) as refused:
        check_target(root, tmp_path / "elsewhere.md")
    assert str(refused.value) == (
        f"{tmp_path / 'elsewhere.md'} is outside the handbook ({root}); irdocs writes only "
        "inside it"
    )
