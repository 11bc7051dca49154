"""The memory sampler (a debugging aid): off without its environment variable; with it, CSV
rows of glibc's figures that see a 20 MB block malloc'd and not yet freed."""

import ctypes
import time

import pytest

from game.kiosk.memtrace import HEADER, malloc_figures, start_from_environment

needs_glibc = pytest.mark.skipif(malloc_figures() is None, reason="needs glibc's mallinfo2")


def test_off_unless_asked(tmp_path):
    assert start_from_environment({}) is None
    assert list(tmp_path.iterdir()) == []


@needs_glibc
def test_in_use_figure_sees_a_block_not_freed():
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    before = malloc_figures()["inuse_mb"]
    block = libc.malloc(20_000_000)
    try:
        assert malloc_figures()["inuse_mb"] - before > 19.0
    finally:
        libc.free(block)
    assert malloc_figures()["inuse_mb"] - before < 1.0


@needs_glibc
def test_rows_written_every_period(tmp_path):
    target = tmp_path / "mem.csv"
    thread = start_from_environment(
        {"PINS_KIOSK_MEMTRACE": str(target), "PINS_KIOSK_MEMTRACE_S": "0.5"}
    )
    assert thread is not None and thread.daemon
    time.sleep(1.3)
    lines = target.read_text().splitlines()
    assert lines[0] + "\n" == HEADER
    assert len(lines) >= 3  # the first row at once, then one every 0.5 s
    rss_mb, inuse_mb = (float(v) for v in lines[1].split(",")[1:3])
    assert rss_mb > inuse_mb > 0


def test_unwritable_file_leaves_it_off(tmp_path):
    missing = tmp_path / "no-such-folder" / "mem.csv"
    assert start_from_environment({"PINS_KIOSK_MEMTRACE": str(missing)}) is None
