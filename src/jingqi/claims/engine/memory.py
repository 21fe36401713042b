"""Give freed memory back to the system during a scan.

glibc serves large allocations with ``mmap`` and returns them on free, but after the first such free it
raises its threshold (up to 32 MiB), so the many 8–30 MiB numpy temporaries of a million-row scan then
come from the heap and stay there: the process's memory only grows. Fixing the threshold at 1 MiB
keeps large arrays mmapped. Elsewhere (not glibc) this does nothing.
"""

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3
THRESHOLD = 1 << 20
_done = False


def keep_large_arrays_returnable() -> None:
    global _done
    if _done:
        return
    _done = True
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt(M_MMAP_THRESHOLD, THRESHOLD)
    except (OSError, AttributeError):
        pass
