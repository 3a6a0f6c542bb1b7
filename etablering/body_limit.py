"""Request bodies capped before they are read, multipart uploads included.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE caps only form fields, never uploaded files: a 200 MB file
posted to a contact form would be read to the end (into a temporary file) before any view could
refuse it. Here every request's size is compared with the limit for its path
(settings.REQUEST_BODY_LIMITS, the longest matching prefix wins) before anything reads the body:

- with a Content-Length above the limit, the request is answered 413 at once, unread;
- without a Content-Length (a chunked, streamed body, which gunicorn passes on), at most
  limit + 1 bytes are read into a spooled file; more gives the same 413, less is handed on to
  Django as an ordinary body of that length.

The 413 page is in the visitor's language (this middleware sits after LocaleMiddleware; nothing
before it reads the body). A Content-Length that is not a number gets the 400 page.
"""

import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from .params import parse_int
from .wagtail_internals import replace_request_body

CHUNK_SIZE = 64 * 1024
# Bodies up to this size stay in memory when a streamed body is read; larger ones go to disk.
SPOOL_IN_MEMORY = 2 * 1024 * 1024
# Larger than any limit could be: a Content-Length beyond this is not a size we read.
MAX_CONTENT_LENGTH = 2**50


def body_limit(path: str) -> int:
    """The largest body, in bytes, that a request to `path` may send."""
    limits = settings.REQUEST_BODY_LIMITS
    best = ""
    for prefix in limits:
        if prefix != "default" and path.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return limits[best] if best else limits["default"]


def too_large(request, limit: int):
    from pages.translations import view_language_links

    context = {"language_links": view_language_links(request), "limit": filesizeformat(limit)}
    return render(request, "413.html", context, status=413)


def _read_streamed_body(stream, limit: int):
    """The streamed body in a file, or None when it holds more than `limit` bytes."""
    body = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - handed on
    size = 0
    while chunk := stream.read(CHUNK_SIZE):
        size += len(chunk)
        if size > limit:
            body.close()
            return None, size
        body.write(chunk)
    body.seek(0)
    return body, size


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        limit = body_limit(request.path_info)
        declared = meta.get("CONTENT_LENGTH") or ""
        if declared:
            length = parse_int(declared, maximum=MAX_CONTENT_LENGTH)
            if length is None:
                from .views import bad_request

                return bad_request(request)
            if length > limit:
                return too_large(request, limit)
        elif meta.get("HTTP_TRANSFER_ENCODING") and "wsgi.input" in meta:
            # A streamed body without a length: Django would read none of it. Read it here,
            # never more than the limit allows, and hand it on with its length.
            body, size = _read_streamed_body(meta["wsgi.input"], limit)
            if body is None:
                return too_large(request, limit)
            meta["CONTENT_LENGTH"] = str(size)
            replace_request_body(request, LimitedStream(body, size))
        return self.get_response(request)
