"""Wall time and peak memory of a command and every process it starts (Linux /proc).

``ru_maxrss`` of a child is the peak of one process; a run with worker processes holds several at once, so
the resident sizes of the whole process tree are summed every SAMPLE seconds and the largest sum is kept.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

SAMPLE = 0.1  # seconds between samples
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _resident_mb(pid: int) -> float:
    try:
        return int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def tree_rss_mb(root: int) -> tuple[float, float]:
    """Resident MB of ``root`` alone and of ``root`` with all its descendants."""
    tree, todo, total = _children(), [root], 0.0
    while todo:
        pid = todo.pop()
        total += _resident_mb(pid)
        todo.extend(tree.get(pid, []))
    return _resident_mb(root), total


def measured(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run ``cmd``; its seconds, peak MB of the main process and of the whole tree, exit code and stderr tail."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        peak_main = peak_tree = 0.0
        while proc.poll() is None:
            main, whole = tree_rss_mb(proc.pid)
            peak_main, peak_tree = max(peak_main, main), max(peak_tree, whole)
            time.sleep(SAMPLE)
        seconds = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")[-3000:]
    return {
        "seconds": seconds,
        "peak_main_mb": peak_main,
        "peak_tree_mb": peak_tree,
        "returncode": proc.returncode,
        "stderr": stderr,
    }
