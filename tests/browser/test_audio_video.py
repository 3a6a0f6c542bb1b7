"""A page with a recording, an audio clip and a captioned video with a sign-language version:
axe-core in sv, ar and ti at 1280 and 320 px, and the play controls reached by keyboard."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .test_accessibility import assert_accessible_at_every_width

pytestmark = pytest.mark.browser

SLUG = "lyssna-och-se"
_SETUP = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from pages.media import MediaFile
from pages.models import ChainStepPage, HomePage, InformationPage

if not InformationPage.objects.filter(slug=SLUG).exists():
    step = ChainStepPage.objects.filter(locale__language_code="sv").first()
    clip = step.audio  # the demo's synthetic speech
    videos = []
    for name in ("film.webm", "teckensprak.webm"):
        video = MediaFile(title=name, type="video", duration=2, language="sv")
        video.file.save(name, ContentFile(b"\\x1a\\x45\\xdf\\xa3" + bytes(64)), save=False)
        video.save()
        videos.append(video)
    captions = []
    for code, text in (("sv", "Hej"), ("ar", "مرحبا")):
        document = get_document_model()(title=f"{code}.vtt")
        cue = f"WEBVTT\\n\\n00:00.000 --> 00:02.000\\n{text}\\n"
        document.file.save(f"{code}.vtt", ContentFile(cue.encode()), save=False)
        document.save()
        captions.append({"language": code, "file": document})
    home = HomePage.objects.get(locale__language_code="sv")
    page = InformationPage(
        title="Lyssna och se", slug=SLUG, intro="Här kan du lyssna och se en film.",
        body=[
            ("paragraph", "<p>Du kan lyssna på texten och se en film med text.</p>"),
            ("audio", {"audio": clip, "label": "Lyssna: det första mötet"}),
            ("video", {"video": videos[0], "title": "Så går det första mötet till",
                       "captions": captions, "sign_language": videos[1]}),
        ],
        audio=clip,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
"""


@pytest.fixture(scope="module")
def media_page(site_url, tmp_path_factory):
    databases = sorted(
        {path.resolve() for path in tmp_path_factory.getbasetemp().glob("site*/site.sqlite3")}
    )
    assert len(databases) == 1, databases
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="etablering.settings.test",
        TEST_SQLITE_PATH=str(databases[0]),
        TEST_MEDIA_ROOT=str(databases[0].parent / "media"),
        TEST_PRIVATE_MEDIA_ROOT=str(databases[0].parent / "private-media"),
    )
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    script = f"SLUG = {SLUG!r}\n" + _SETUP
    subprocess.run(manage + ["shell", "-c", script], env=env, check=True, capture_output=True)
    return f"{SLUG}/"


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_page_with_audio_and_video_has_no_axe_violations(page, site_url, media_page, language):
    response = page.goto(f"{site_url}/{language}/{media_page}")
    assert response.status == 200
    assert page.locator("audio").count() == 2
    assert page.locator("video track[kind=captions]").count() == 2
    page.locator(".video__sign-language summary").click()
    page.locator(".formats summary").click()
    assert_accessible_at_every_width(page)


def test_audio_file_is_served_for_the_player(page, site_url, media_page):
    """Both sources, Opus first and the MP3 fallback, answer range requests (seeking)."""
    page.goto(f"{site_url}/sv/{media_page}")
    sources = page.locator("#page-audio source")
    served = []
    for index in range(sources.count()):
        source = sources.nth(index)
        response = page.request.get(
            f"{site_url}{source.get_attribute('src')}", headers={"Range": "bytes=0-99"}
        )
        assert response.status == 206
        assert response.headers["content-range"].startswith("bytes 0-99/")
        assert response.headers["content-type"] == source.get_attribute("type").split(";")[0]
        served.append(response.headers["content-type"])
    assert served == ["audio/ogg", "audio/mpeg"]


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_keyboard_reaches_every_play_control(page, site_url, media_page, language):
    page.goto(f"{site_url}/{language}/{media_page}")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement && document.activeElement.tagName")
        if tag in ("AUDIO", "VIDEO"):
            reached.add(page.evaluate("document.activeElement.outerHTML.slice(0, 60)"))
    assert sum(1 for html in reached if html.startswith("<audio")) == 2
    assert any(html.startswith("<video") for html in reached)
