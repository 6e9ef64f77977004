"""Running heads and page numbers as artifacts, not untagged content.

WeasyPrint 70 marks the text of page-margin boxes (our running heads and
page numbers) with MCIDs and builds structure elements for it, but leaves
those elements out of the structure tree (Kozea/WeasyPrint#1836): a reader
following the tree skips them, yet PDF/UA (ISO 14289-1, 7.1) wants content
outside the tree marked as an artifact, as the PDF Association's guidance
for headers and footers also asks.

WeasyPrint hands the assembled PDF (pydyf objects) to a *finisher* before it
writes the file; this one runs there. Marked content whose MCID maps to an
element the tree does not reach becomes ``/Artifact <</Type /Pagination>>``,
and its entry in the parent tree becomes null. Nothing else is touched.
"""

from __future__ import annotations

from typing import Any

import pydyf


def resolve(pdf: pydyf.PDF, ref: Any) -> Any:
    """The object an indirect reference (pydyf writes them as b"12 0 R") names."""
    return pdf.objects[int(ref.split()[0])]


def _reachable(pdf: pydyf.PDF, root: pydyf.Dictionary) -> set[bytes]:
    seen: set[bytes] = set()
    pending = [k for k in root["K"] if isinstance(k, bytes)]
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        element = resolve(pdf, ref)
        if isinstance(element, pydyf.Dictionary):
            pending += [k for k in element.get("K", ()) if isinstance(k, bytes)]
    return seen


def _as_artifacts(operations: list[Any], mcids: set[int]) -> set[int]:
    """Turn ``/Tag <</MCID n>> BDC`` into ``/Artifact <</Type /Pagination>> BDC``
    for each n in ``mcids``; return the MCIDs found."""
    found = set()
    for i, item in enumerate(operations):
        if (
            isinstance(item, pydyf.Dictionary)
            and item.get("MCID") in mcids
            and 0 < i < len(operations) - 1
            and operations[i + 1] == b"BDC"
        ):
            found.add(item["MCID"])
            operations[i - 1] = "/Artifact"
            operations[i] = pydyf.Dictionary({"Type": "/Pagination"})
    return found


def mark_margins(pdf: pydyf.PDF) -> tuple[int, int]:
    """Mark untreed content as artifacts; return (marked, left as it was)."""
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return 0, 0
    root = resolve(pdf, root_ref)
    reachable = _reachable(pdf, root)
    nums = resolve(pdf, root["ParentTree"])["Nums"]
    pages = list(pdf.page_references)
    marked = missed = 0
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(value, pydyf.Array) or not 0 <= key < len(pages):
            continue  # an annotation's entry, not a page's
        orphans = {mcid for mcid, ref in enumerate(value) if ref not in reachable}
        if not orphans:
            continue
        stream = resolve(pdf, resolve(pdf, pages[key])["Contents"])
        found = _as_artifacts(stream.stream, orphans)
        for mcid in found:
            value[mcid] = "null"
        marked += len(found)
        missed += len(orphans - found)
    return marked, missed
