"""Outputs in an unlucky world: standard output on a nearly full disk, catalogs behind
symbolic and hard links, other users' files, long names, and the temporary files a killed
run leaves (issue 15, items 2 and 7 and the notes on temporary files)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import fill_up, run_tarjama
from robust_helpers import numbered, run, spawn, tarjama_env, temporaries, write_po_file
from tarjama.fileio import (
    atomic_open,
    is_our_temporary,
    remove_stale_temporaries,
    temporary_name,
    write_text,
)

SmallFs = Callable[[int], Path]


# --- standard output on a nearly full disk -------------------------------------------------------


def _stdout_case(kind: str, folder: Path) -> list[str]:
    # Each output is some 100 KB: more than the room left, and in several writes.
    count = {"check": 800, "diff": 300, "score": 250, "lookup": 800}[kind]
    full = write_po_file(folder / "a.po", numbered(count))
    if kind == "check":
        return ["check", str(write_po_file(folder / "u.po", numbered(count, "")))]
    other = write_po_file(folder / "b.po", numbered(count, "The sentence {i} on government"))
    if kind == "diff":
        return ["diff", str(full), str(other)]
    if kind == "score":
        return ["score", str(full), "--ref", str(other), "--per-segment"]
    return ["lookup", "الحكومة", "--concordance", "--limit", "1000", "-m", str(full)]


@pytest.mark.parametrize("kind", ["check", "diff", "score", "lookup"])
def test_stdout_on_a_nearly_full_disk_is_an_error(kind: str, tmp_path: Path,
                                                  small_fs: SmallFs) -> None:
    """The first writes succeed, a later one is short: exit 2 with one line, never exit 0
    (or 1) with a result cut short."""
    argv = _stdout_case(kind, tmp_path)
    full = small_fs(256)
    fill_up(full, 24 * 1024)
    with (full / "r.txt").open("wb") as out:
        process = spawn(argv, stdout=out, env=tarjama_env(TARJAMA_CACHE_DIR=str(tmp_path / "c")))
        _, err = process.communicate(timeout=120)
    assert 0 < (full / "r.txt").stat().st_size < 100_000  # it did write, then ran out
    assert process.returncode == 2, err
    lines = err.decode().splitlines()
    assert lines[-1] == ("tarjama: error: standard output: cannot write: "
                         "No space left on device"), err


def test_stdout_whole_when_there_is_room(tmp_path: Path) -> None:
    argv = _stdout_case("diff", tmp_path)
    with (tmp_path / "r.txt").open("wb") as out:
        process = spawn(argv, stdout=out)
        process.communicate(timeout=120)
    assert process.returncode == 0
    expected = run_tarjama(*argv).stdout
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == expected


# --- links, owners, modes ----------------------------------------------------------------------


def _update_in_place(tmp_path: Path, po: Path) -> None:
    source = tmp_path / "article.ar.txt"
    source.write_text("الجملة الأولى عن الحكومة.\n\nوالجملة الثانية هنا.\n", encoding="utf-8")
    result = run_tarjama("update", str(source), str(po), "--in-place")
    assert result.exit_code == 0, result.stderr


def _catalog(path: Path) -> Path:
    return write_po_file(path, [("الجملة الأولى عن الحكومة.", "The first sentence.")])


def test_in_place_through_a_symlink_changes_the_real_catalog(tmp_path: Path) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = _catalog(real_folder / "ar.po")
    link = tmp_path / "link.po"
    link.symlink_to(Path("real") / "ar.po")
    _update_in_place(tmp_path, link)
    assert link.is_symlink(), "the link was replaced by a regular file"
    assert "والجملة الثانية هنا." in real.read_text(encoding="utf-8")
    assert "The first sentence." in real.read_text(encoding="utf-8")
    assert temporaries(tmp_path) == []


def test_output_onto_a_symlink_writes_its_target(tmp_path: Path) -> None:
    po = _catalog(tmp_path / "ar.po")
    target = tmp_path / "out" / "memory.tmx"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "memory.tmx"
    link.symlink_to(target)
    result = run_tarjama("export", str(po), "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "The first sentence." in target.read_text(encoding="utf-8")
    # A dangling link is written through too (the shell's `>` would create its target).
    dangling = tmp_path / "dangling.tmx"
    dangling.symlink_to(tmp_path / "out" / "new.tmx")
    assert run_tarjama("export", str(po), "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "out" / "new.tmx").is_file()


def test_in_place_keeps_hard_links(tmp_path: Path) -> None:
    po = _catalog(tmp_path / "ar.po")
    twin = tmp_path / "twin.po"
    os.link(po, twin)
    _update_in_place(tmp_path, po)
    assert po.stat().st_ino == twin.stat().st_ino
    assert twin.stat().st_nlink == 2
    assert "والجملة الثانية هنا." in twin.read_text(encoding="utf-8")
    assert temporaries(tmp_path) == []


def test_in_place_keeps_mode_and_owner(tmp_path: Path) -> None:
    po = _catalog(tmp_path / "ar.po")
    po.chmod(0o640)
    owner = None
    if os.geteuid() == 0:
        owner = (4321, 4322)
        os.chown(po, *owner)
    _update_in_place(tmp_path, po)
    info = po.stat()
    assert info.st_mode & 0o7777 == 0o640
    if owner is not None:  # as root: the user's file stays the user's, not root's
        assert (info.st_uid, info.st_gid) == owner


def test_hard_linked_file_on_a_full_disk_is_left_whole(tmp_path: Path, small_fs: SmallFs,
                                                       ) -> None:
    folder = small_fs(64)
    po = write_po_file(folder / "ar.po", numbered(20))
    os.link(po, folder / "twin.po")
    before = po.read_bytes()
    fill_up(folder, 4096)
    with pytest.raises(Exception, match="No space left"):
        write_text(po, "x" * 200_000)
    assert po.read_bytes() == before
    assert temporaries(folder) == []


# --- temporary files ---------------------------------------------------------------------------


@pytest.mark.parametrize("length", [200, 234, 240, 250, 255])
def test_long_output_names(tmp_path: Path, length: int) -> None:
    po = _catalog(tmp_path / "ar.po")
    name = ("ع" * ((length - 4) // 2)) + "x" * ((length - 4) % 2) + ".tmx"
    assert len(os.fsencode(name)) == length
    result = run_tarjama("export", str(po), "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).is_file()
    assert len(os.fsencode(temporary_name(name))) <= 255


def test_stale_temporaries_of_ours_are_removed_and_no_one_elses(tmp_path: Path) -> None:
    po = _catalog(tmp_path / "ar.po")
    out = tmp_path / "memory.tmx"
    ours = tmp_path / temporary_name(out.name)
    ours.write_text("half a memory", encoding="utf-8")
    look_alike = tmp_path / ".memory.tmx.0123456789abcdef.tmp"  # not ours: no check digits
    look_alike.write_text("someone else's", encoding="utf-8")
    other_target = tmp_path / temporary_name("other.tmx")
    other_target.write_text("of another output", encoding="utf-8")
    assert is_our_temporary(ours.name, out.name)
    assert not is_our_temporary(look_alike.name, out.name)
    result = run_tarjama("export", str(po), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert not ours.exists()
    assert look_alike.exists() and other_target.exists()


def test_a_temporary_being_written_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with atomic_open(out) as handle:
        handle.write(b"x" * 10)
        handle.flush()
        time.sleep(0.01)
        (alive,) = temporaries(tmp_path)
        assert remove_stale_temporaries(out) == []  # its writer holds the lock
        assert (tmp_path / alive).exists()
    assert out.read_bytes() == b"x" * 10
    assert temporaries(tmp_path) == []


def test_killed_writer_temporary_is_removed_by_the_next_run(tmp_path: Path) -> None:
    po = write_po_file(tmp_path / "big.po", numbered(20000))
    out = tmp_path / "big.tmx"
    process = spawn(["export", str(po), "-o", str(out)])
    deadline = time.monotonic() + 60
    while not temporaries(tmp_path):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.05)
    process.kill()
    process.communicate()
    assert temporaries(tmp_path)
    code, err = run(["export", str(po), "-o", str(out)])
    assert code == 0, err
    assert temporaries(tmp_path) == []


def test_dev_stdout_is_written_not_replaced(tmp_path: Path) -> None:
    po = _catalog(tmp_path / "ar.po")
    with (tmp_path / "r.tmx").open("wb") as out:
        process = spawn(["export", str(po), "-o", "/dev/stdout"], stdout=out)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "The first sentence." in (tmp_path / "r.tmx").read_text(encoding="utf-8")
    assert Path("/dev/stdout").is_symlink()


# --- inputs that are not regular files -----------------------------------------------------------


PIPED = {
    "stats": 'stats <(cat "$1")',
    "check": 'check <(cat "$1")',
    "export": 'export <(cat "$1") -o "$2/m.tmx"',
    "import": 'import <(cat "$2/m.tmx") -o -',
    "score": 'score <(cat "$1") --ref <(cat "$1")',
    "diff": 'diff <(cat "$1") <(cat "$1")',
    "pretranslate": 'pretranslate <(cat "$1") -m <(cat "$1") -o -',
    "update": 'update <(printf "الجملة رقم 1 عن الحكومة.\\n") <(cat "$1") -o -',
    "lookup-tmx": 'lookup "الجملة رقم 1 عن الحكومة" -m <(cat "$2/m.tmx")',
}


@pytest.mark.parametrize("name", list(PIPED))
def test_every_input_may_be_a_pipe(name: str, tmp_path: Path) -> None:
    """Process substitution everywhere a file is read: telling the format from a pipe's
    first bytes must not lose them."""
    import shutil
    import subprocess
    import sys

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash for process substitution")
    po = write_po_file(tmp_path / "a.po", numbered(20))
    assert run_tarjama("export", str(po), "-o", str(tmp_path / "m.tmx")).exit_code == 0
    done = subprocess.run(
        [bash, "-c", f'"$0" -m tarjama {PIPED[name]}', sys.executable, str(po), str(tmp_path)],
        env=tarjama_env(TARJAMA_CACHE_DIR=str(tmp_path / "cache")), capture_output=True,
        timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr.decode()
    assert b"error" not in done.stderr
