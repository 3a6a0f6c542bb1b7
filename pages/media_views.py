"""Media files served by Django where no object store serves them (``make run``, the tests,
``serve-prod`` with local media): with the right Content-Type and single byte ranges, so that
phones can seek in audio and video. On S3 the bucket answers range requests itself.
"""

import contextlib
import re

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from etablering.params import MAX_BYTE_OFFSET, parse_int

from .media import content_type_for

CHUNK_SIZE = 64 * 1024
# Only the audio and video library and the images are public (Wagtail images have no privacy:
# renditions, and the original files the pictogram SVGs are shown from); documents have their own
# view that checks privacy.
PUBLIC_FOLDERS = ("media/", "media_thumbnails/", "images/", "original_images/")
_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")


def parse_range(header: str, size: int):
    """The (start, end) of a single byte range, inclusive; None to send the whole file;
    "unsatisfiable" for a range outside the file. Several ranges are answered with the whole
    file, as RFC 9110 allows."""
    match = _RANGE.fullmatch(header.strip().replace(" ", ""))
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = parse_int(last, maximum=MAX_BYTE_OFFSET)
        if length is None:
            return None
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = parse_int(first, maximum=MAX_BYTE_OFFSET)
    end = parse_int(last, maximum=MAX_BYTE_OFFSET) if last else size - 1
    if start is None or end is None:
        return None
    if start >= size or (last and end < start):
        return "unsatisfiable"
    return start, min(end, size - 1)


def _chunks(handle, remaining):
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK_SIZE, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


@require_safe
def serve_media(request, path):
    if (
        not path.startswith(PUBLIC_FOLDERS)
        or path.endswith("/")
        or any(part.startswith(".") or not part for part in path.split("/"))
    ):
        raise Http404
    try:
        if not default_storage.exists(path):
            raise Http404
        size = default_storage.size(path)
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404 from None
    content_type = content_type_for(path)
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted if wanted else (0, size - 1)
        length = max(end - start + 1, 0)
        if request.method == "HEAD":
            handle.close()
            response = HttpResponse(status=206 if wanted else 200)
        else:
            handle.seek(start)
            response = StreamingHttpResponse(_chunks(handle, length), status=206 if wanted else 200)
        response["Content-Length"] = str(length)
        if wanted:
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Type"] = content_type
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=3600"
    with contextlib.suppress(NotImplementedError, OSError):
        response["Last-Modified"] = http_date(default_storage.get_modified_time(path).timestamp())
    # Uploaded files are never pages: nothing in them runs, whatever they hold.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
