"""Request bodies are capped before they are read, multipart uploads included
(etablering/body_limit.py): public forms at 2 MB with a 413 page in the visitor's language, admin
uploads at their own limits."""

import io

import pytest
from django.test import Client
from django.test.client import encode_multipart

from etablering.body_limit import body_limit

from .helpers import html_lang_dir
from .intake_helpers import FORM_PATHS, VALID, form_token

MB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A body that must never be read: the test fails if anything tries."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise AssertionError("the body was read")

    readinto = read


class StreamedBody(io.RawIOBase):
    """A body of `size` bytes without a Content-Length (chunked): counts what is read."""

    def __init__(self, data: bytes):
        self.data = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.data.read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.fixture
def visitor(db):
    return Client(HTTP_HOST="testserver", raise_request_exception=False)


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_a_200_mb_upload_to_a_contact_form_is_refused_unread(visitor, language):
    response = visitor.generic(
        "POST",
        f"/{language}/{FORM_PATHS['question']}",
        content_type="multipart/form-data; boundary=x",
        **{"CONTENT_LENGTH": str(200 * MB), "wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert html_lang_dir(response.content.decode()) == (
        language,
        "rtl" if language == "ar" else "ltr",
    )
    assert "Traceback" not in response.content.decode()


def test_the_413_page_speaks_the_visitors_language(visitor):
    swedish = visitor.post(
        f"/sv/{FORM_PATHS['question']}", b"x" * (3 * MB), content_type="text/plain"
    )
    arabic = visitor.post(
        f"/ar/{FORM_PATHS['question']}", b"x" * (3 * MB), content_type="text/plain"
    )
    assert swedish.status_code == arabic.status_code == 413
    assert "Det du skickade är för stort" in swedish.content.decode()
    assert "ما أرسلته كبير جدًا" in arabic.content.decode()


def test_a_real_multipart_file_over_2_mb_gets_413_and_makes_no_case(visitor):
    from forms.models import Case

    before = Case.objects.count()
    data = {
        **VALID["question"],
        "form_token": form_token(),
        "attachment": io.BytesIO(b"%PDF-" + b"x" * (3 * MB)),
    }
    response = visitor.post(f"/sv/{FORM_PATHS['question']}", data)
    assert response.status_code == 413
    assert Case.objects.count() == before


def test_a_form_within_the_limit_is_still_accepted(client, django_capture_on_commit_callbacks):
    from forms.models import Case

    before = Case.objects.count()
    data = {**VALID["question"], "form_token": form_token()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sv/{FORM_PATHS['question']}", data)
    assert response.status_code == 302
    assert Case.objects.count() == before + 1


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(visitor):
    body = StreamedBody(b"x" * (5 * MB))
    response = visitor.generic(
        "POST",
        f"/sv/{FORM_PATHS['question']}",
        content_type="application/x-www-form-urlencoded",
        **{"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.bytes_read <= 2 * MB + 64 * 1024  # stopped within one chunk of the limit


def test_a_small_streamed_body_reaches_the_form(client, django_capture_on_commit_callbacks):
    from forms.models import Case

    before = Case.objects.count()
    payload = encode_multipart("BoUnDaRy", {**VALID["question"], "form_token": form_token()})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.generic(
            "POST",
            f"/sv/{FORM_PATHS['question']}",
            **{
                # without data the test client sets no type: a real chunked post has one
                "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
                "CONTENT_LENGTH": "",
                "HTTP_TRANSFER_ENCODING": "chunked",
                "wsgi.input": StreamedBody(payload),
            },
        )
    assert response.status_code == 302
    assert Case.objects.count() == before + 1


@pytest.mark.parametrize("length", ["abc", "-1", "²", "1e9", "9" * 40])
def test_a_content_length_that_is_not_a_size_gets_400(visitor, length):
    response = visitor.generic(
        "POST",
        f"/sv/{FORM_PATHS['question']}",
        **{"CONTENT_LENGTH": length, "wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/sv/kontakt/", 2 * MB),
        ("/admin/login/", 21 * MB),
        ("/admin/documents/multiple/add/", 21 * MB),
        ("/admin/images/multiple/add/", 11 * MB),
        ("/admin/media/audio/add/", 201 * MB),
        ("/admin/media/chooser/upload/video/", 201 * MB),
    ],
)
def test_admin_uploads_keep_their_documented_limits(path, limit):
    assert body_limit(path) == limit


def test_a_video_over_its_limit_is_refused_unread_even_when_logged_in(admin_client):
    response = admin_client.generic(
        "POST",
        "/admin/media/video/add/",
        content_type="multipart/form-data; boundary=x",
        **{"CONTENT_LENGTH": str(202 * MB), "wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
