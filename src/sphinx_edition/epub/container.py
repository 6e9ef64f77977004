"""Write the ePub container so that the same inputs give the same bytes.

Sphinx zips each file with its own modification time and in the order it
happened to list them, so two builds of one commit differ. Here every member
gets the time of ``SOURCE_DATE_EPOCH`` (which the build script sets to the
last commit's time), the same permissions and compression level, and a fixed
order: ``mimetype`` first and stored uncompressed (the OCF rule readers rely
on to sniff the format), then the container and package documents, then every
other member sorted by name.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

# Zip dates cannot be earlier than 1980-01-01.
ZIP_EPOCH = 315532800
LEADING = ("mimetype", "META-INF/container.xml", "content.opf")


def build_epoch() -> int:
    """The build's timestamp: ``SOURCE_DATE_EPOCH`` if set, else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value else int(time.time())


def member_order(names: Iterable[str]) -> list[str]:
    """``mimetype``, container, package, then the rest sorted, each once."""
    rest = sorted(set(names) - set(LEADING))
    return [*LEADING, *rest]


def write_epub(target: Path, outdir: Path, names: Iterable[str], epoch: int) -> None:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    # Write beside the target and rename, so a reader never sees half a file.
    partial = Path(target).with_name(Path(target).name + ".part")
    with zipfile.ZipFile(partial, "w") as epub:
        for name in member_order(names):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, whatever the building machine is
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                epub.writestr(info, (outdir / name).read_bytes())
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                epub.writestr(info, (outdir / name).read_bytes(), compresslevel=9)
    os.replace(partial, target)
