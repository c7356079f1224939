"""US ZIP codes (state, city, coordinates) from the `zipcodes` package, in a compact file the
app's processes map into memory and share.

The package keeps every ZIP code's full record in each process that asks it anything (36 MB
per gunicorn worker, most of a worker's memory) and scans its table on every question. The
app needs four fields of a record, looked up by ZIP code: they are written once, sorted, to
a file of fixed-width records (about 2 MB, next to the system's temporary files, named by the
package's version), by a short child process so the package's table never enters a worker.
Workers map the file read-only (the operating system shares its pages among them) and find a
ZIP code by binary search.

If the file cannot be written or used (a read-only temporary folder, say), the package is
asked in the process, as before, with a warning in the log.

`python -m matching.zipdata PATH` writes the file (what the child process runs).
"""

from __future__ import annotations

import logging
import mmap
import os
import struct
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from importlib.metadata import version as package_version

from django.conf import settings

log = logging.getLogger(__name__)

FORMAT = b"ELLIEZIP2"
# ZIP code, state, latitude, longitude, city's offset and length in the names that follow.
RECORD = struct.Struct("<5s2sddIH")
HEADER = struct.Struct("<9sI")  # FORMAT, number of records


@dataclass(frozen=True)
class ZipRecord:
    zip_code: str
    state: str
    latitude: float
    longitude: float
    city: str


def _record(row: dict) -> ZipRecord:
    """The fields the app uses of one of the package's rows (no coordinates: NaN)."""
    try:
        latitude, longitude = float(row["lat"]), float(row["long"])
    except (KeyError, TypeError, ValueError):
        latitude = longitude = float("nan")
    return ZipRecord(
        row["zip_code"], row.get("state", ""), latitude, longitude, row.get("city", "")
    )


def default_path() -> str:
    name = f"ellie-zipcodes-{package_version('zipcodes')}-{FORMAT.decode().lower()}.bin"
    return os.path.join(tempfile.gettempdir(), name)


def write(path: str) -> int:
    """Write the file from the package's table (atomically); returns the number of records."""
    import zipcodes

    rows = sorted(zipcodes.list_all(), key=lambda row: row["zip_code"])
    records, names = [], bytearray()
    for record in map(_record, rows):
        city = record.city.encode()
        records.append(
            RECORD.pack(
                record.zip_code.encode(),
                record.state.encode()[:2],
                record.latitude,
                record.longitude,
                len(names),
                len(city),
            )
        )
        names += city
    folder = os.path.dirname(path) or "."
    descriptor, temporary = tempfile.mkstemp(prefix=".ellie-zipcodes-", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(HEADER.pack(FORMAT, len(records)))
            file.write(b"".join(records))
            file.write(names)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)  # readers see the whole file or none
    except BaseException:
        os.unlink(temporary)
        raise
    return len(records)


class _Table:
    def __init__(self):
        self._lock = threading.Lock()
        self._map: mmap.mmap | None = None
        self._count = 0

    def _mapped(self) -> mmap.mmap:
        if self._map is None:
            with self._lock:
                if self._map is None:
                    self._open()
        return self._map

    def _open(self) -> None:
        path = settings.ZIP_DATA_FILE or default_path()
        try:
            descriptor = self._checked(path)
            if descriptor is None:
                # A child process loads the package, so its table never enters this one.
                subprocess.run(
                    [sys.executable, "-m", "matching.zipdata", path],
                    check=True,
                    timeout=120,
                    cwd=settings.BASE_DIR,
                    capture_output=True,
                )
                descriptor = self._checked(path)
                if descriptor is None:
                    raise OSError(f"{path} is not a ZIP code file of ours")
            try:  # the very file that was checked
                mapped = mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
            finally:
                os.close(descriptor)
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            # (A read-only or full temporary folder, say.) ZIP codes must keep working:
            # the package's own table in this process, as before the file.
            log.warning("ZIP code file unusable, the zipcodes package is used instead: %s", exc)
            self._map = _IN_PROCESS
            return
        self._count = HEADER.unpack_from(mapped, 0)[1]
        self._map = mapped

    @staticmethod
    def _checked(path: str) -> int | None:
        """An open descriptor of the file if it is whole, in our format, written by this
        user (or root) and not a link; else None."""
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        try:
            head = os.pread(descriptor, HEADER.size, 0)
            status = os.fstat(descriptor)
            if status.st_uid in (os.geteuid(), 0) and len(head) == HEADER.size:
                form, count = HEADER.unpack(head)
                if form == FORMAT and status.st_size >= HEADER.size + count * RECORD.size:
                    return descriptor
        except OSError:
            pass
        os.close(descriptor)
        return None

    def find(self, zip_code: str) -> ZipRecord | None:
        key = zip_code.encode()
        mapped = self._mapped()
        if mapped is _IN_PROCESS:
            return _from_package(zip_code)
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            at = HEADER.size + middle * RECORD.size
            found = mapped[at : at + 5]
            if found < key:
                low = middle + 1
            elif found > key:
                high = middle
            else:
                _, state, latitude, longitude, offset, length = RECORD.unpack_from(mapped, at)
                start = HEADER.size + self._count * RECORD.size + offset
                return ZipRecord(
                    zip_code=zip_code,
                    state=state.decode(),
                    latitude=latitude,
                    longitude=longitude,
                    city=mapped[start : start + length].decode(),
                )
        return None


_IN_PROCESS = object()  # the file could not be used: ask the package itself


def _from_package(zip_code: str) -> ZipRecord | None:
    import zipcodes

    found = zipcodes.matching(zip_code)
    return _record(found[0]) if found else None


_table = _Table()


def find(zip_code: str) -> ZipRecord | None:
    """The record of a 5-digit ZIP code (ASCII digits), or None if there is no such ZIP."""
    if len(zip_code) != 5 or not zip_code.isascii() or not zip_code.isdigit():
        return None
    return _table.find(zip_code)


if __name__ == "__main__":
    print(write(sys.argv[1]))
