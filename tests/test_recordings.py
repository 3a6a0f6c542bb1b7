"""The recording workspace: who may record and review what, what happens to a file, and what the
public hears once a second person approves."""

import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from etablering.languages import LANGUAGES
from pages import audio_processing, speech
from pages.media import MediaFile
from pictures.models import Pictogram
from recordings import workspace
from recordings.models import Recording, State
from tests.helpers import elements


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_audio(path: Path, seconds=2.0, extension="webm") -> bytes:
    """A browser-like recording: a tone as Opus in WebM (what Chromium's MediaRecorder makes)."""
    target = path / f"take.{extension}"
    subprocess.run(  # noqa: S603
        [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"sine=frequency=300:duration={seconds}", "-af", "volume=0.2",
            str(target),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return target.read_bytes()


@pytest.fixture
def clip_bytes(tmp_path):
    return make_audio(tmp_path)


def user_in(*group_names, username=None, admin_language="en"):
    """A user in these groups who uses the admin in ``admin_language`` (the site's default is
    Swedish; most tests read the English messages)."""
    user = get_user_model().objects.create_user(
        username or "-".join(re.sub(r"\W", "", name).lower() for name in group_names) or "nobody",
        password="x" * 16,
    )
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language
    profile.save()
    return user


@pytest.fixture
def speaker(db):
    return user_in("Speakers: Somali", username="speaker")


@pytest.fixture
def reviewer(db):
    return user_in("Reviewers: Somali", username="reviewer")


@pytest.fixture
def somali_step(demo_page):
    return demo_page("step-entry", "so")


def item_for(page, name="standard"):
    content_type = ContentType.objects.get_for_model(page)
    return workspace.find(content_type.pk, page.pk, name)


def item_url(page, name="standard"):
    return reverse(
        "recordings:item", args=[ContentType.objects.get_for_model(page).pk, page.pk, name]
    )


def as_user(client, user):
    client.force_login(user)
    return client


def record(client, page, data, name="take.webm", execute=True, capture=None):
    with capture(execute=execute):
        return client.post(item_url(page), {"audio": SimpleUploadedFile(name, data)})


# Groups and permissions -------------------------------------------------------------------------


def test_each_language_has_speaker_and_reviewer_groups_with_the_narrowest_permissions(db):
    for language in LANGUAGES:
        for prefix, codename in (("Speakers", "record"), ("Reviewers", "review")):
            group = Group.objects.get(name=f"{prefix}: {language.name}")
            assert {
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            } == {"wagtailadmin.access_admin", f"recordings.{codename}_{language.code}"}
    recordings_permissions = Permission.objects.filter(content_type__app_label="recordings")
    assert recordings_permissions.count() == 2 * len(LANGUAGES)  # no add/change/delete/view


def test_anonymous_visitors_are_sent_to_the_login(client, somali_step):
    for url in (reverse("recordings:index"), item_url(somali_step)):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_editor_without_the_groups_sees_nothing(client, somali_step):
    editor = user_in("Editors", username="editor")
    as_user(client, editor)
    assert reverse("recordings:index") not in client.get("/admin/").content.decode()
    for url in (reverse("recordings:index"), item_url(somali_step)):
        response = client.get(url)
        assert response.status_code == 403
        assert "You may not use the recording workspace." in response.content.decode()


def test_a_speaker_sees_and_records_only_their_languages(client, speaker, demo_page):
    as_user(client, speaker)
    assert reverse("recordings:index") in client.get("/admin/").content.decode()  # menu item
    html = client.get(reverse("recordings:index")).content.decode()
    assert 'data-language="so"' in html and 'data-language="ar"' not in html
    assert client.get(reverse("recordings:language", args=["so"])).status_code == 200
    arabic = client.get(reverse("recordings:language", args=["ar"]))
    assert arabic.status_code == 403
    assert "You may not record or review in this language." in arabic.content.decode()
    assert client.get(item_url(demo_page("step-entry", "ar"))).status_code == 403
    assert client.get(item_url(demo_page("step-entry", "so"))).status_code == 200
    # No way into pages, documents, images or the intake queue.
    page = demo_page("step-entry", "so")
    for url in (
        f"/admin/pages/{page.pk}/edit/",
        "/admin/pages/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/intake/case/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url


def test_unknown_items_are_404_not_500(client, speaker, somali_step):
    as_user(client, speaker)
    content_type = ContentType.objects.get_for_model(somali_step).pk
    for args in (
        [content_type, somali_step.pk, "no-such-level"],
        [content_type, 999999, "standard"],
        [999999, somali_step.pk, "standard"],
    ):
        # (the language middleware first tries the address under /sv/: still not found)
        assert client.get(reverse("recordings:item", args=args), follow=True).status_code == 404
    assert client.get(reverse("recordings:language", args=["xx"]), follow=True).status_code == 404


# The items come from the speech registry -----------------------------------------------------


@pytest.fixture
def extra_registration():
    registration = speech.register(
        Pictogram, text=lambda p: f"{p.meaning}!", field="audio",
        language=lambda p: p.locale.language_code, name="test phrase",
    )  # fmt: skip
    yield registration
    speech._REGISTRY.remove(registration)


def test_a_text_registered_anywhere_appears_in_the_workspace(client, speaker, extra_registration):
    items = [i for i in workspace.collect(["so"]) if i.registration == extra_registration]
    assert len(items) == Pictogram.objects.filter(locale__language_code="so").count() > 0
    assert {i.state for i in items} == {"missing"}
    as_user(client, speaker)
    html = client.get(
        reverse("recordings:language", args=["so"]),
        {"kind": workspace.kind_key(extra_registration)},
    ).content.decode()
    assert html.count('data-state="missing"') == min(len(items), 50)


def test_every_language_lists_every_needed_text_once(db):
    items = workspace.collect()
    keys = [i.key for i in items]
    assert len(keys) == len(set(keys))
    languages = {i.language for i in items}
    assert languages == {language.code for language in LANGUAGES}
    # The SFI level is Swedish everywhere: recorded once, on the Swedish page.
    assert {i.language for i in items if i.registration.name == "sfi"} == {"sv"}


# Uploads that cannot be used --------------------------------------------------------------------


def test_a_file_that_is_not_audio_is_refused_with_a_message(client, speaker, somali_step):
    as_user(client, speaker)
    response = client.post(
        item_url(somali_step), {"audio": SimpleUploadedFile("take.mp3", b"%PDF-1.4 not audio")}
    )
    assert response.status_code == 400
    assert "This file is not a sound recording, or it is damaged." in response.content.decode()
    assert not Recording.objects.exists()


def test_the_message_is_in_the_speakers_language(client, somali_step):
    swedish_speaker = user_in("Speakers: Somali", username="sv-admin", admin_language="sv")
    as_user(client, swedish_speaker)
    response = client.post(
        item_url(somali_step), {"audio": SimpleUploadedFile("take.mp3", b"%PDF-1.4 not audio")}
    )
    with translation.override("sv"):
        message = translation.gettext("This file is not a sound recording, or it is damaged.")
    assert message != "This file is not a sound recording, or it is damaged."
    assert message in response.content.decode()


def test_an_empty_file_and_no_file_are_refused(client, speaker, somali_step):
    as_user(client, speaker)
    assert client.post(item_url(somali_step), {}).status_code == 400
    response = client.post(item_url(somali_step), {"audio": SimpleUploadedFile("a.webm", b"")})
    assert response.status_code == 400
    assert not Recording.objects.exists()


def test_a_file_too_large_is_refused_before_it_is_stored(
    client, speaker, somali_step, clip_bytes, monkeypatch
):
    monkeypatch.setattr(audio_processing, "MAX_BYTES", len(clip_bytes) - 1)
    as_user(client, speaker)
    response = client.post(
        item_url(somali_step), {"audio": SimpleUploadedFile("a.webm", clip_bytes)}
    )
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Recording.objects.exists()


def test_a_recording_too_long_is_refused(client, speaker, somali_step, clip_bytes, monkeypatch):
    monkeypatch.setattr(audio_processing, "MAX_SECONDS", 1)
    as_user(client, speaker)
    response = client.post(
        item_url(somali_step), {"audio": SimpleUploadedFile("a.webm", clip_bytes)}
    )
    assert response.status_code == 400
    assert "longer than" in response.content.decode()
    assert not Recording.objects.exists()


def test_a_file_damaged_inside_is_refused_by_the_processing_with_a_message(
    client, speaker, somali_step, tmp_path, django_capture_on_commit_callbacks
):
    data = make_audio(tmp_path, seconds=3, extension="mp3")
    damaged = data[: len(data) // 3] + b"\x00\xff" * 4000 + data[len(data) // 3 :]
    as_user(client, speaker)
    response = record(
        client, somali_step, damaged, name="take.mp3", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code in (302, 400)
    recording = Recording.objects.first()
    if response.status_code == 302:
        assert recording.state == State.REFUSED
        html = client.get(item_url(somali_step)).content.decode()
        assert "This file is not a sound recording, or it is damaged." in html
    else:
        assert recording is None
    assert somali_step.__class__.objects.get(pk=somali_step.pk).audio_id == somali_step.audio_id


# Processing, review and the public page -----------------------------------------------------------


@pytest.fixture
def submitted(client, speaker, somali_step, clip_bytes, django_capture_on_commit_callbacks):
    as_user(client, speaker)
    response = record(client, somali_step, clip_bytes, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    client.logout()
    return Recording.objects.get()


def test_a_recording_is_processed_to_opus_and_mp3_and_kept_private(client, submitted, reviewer):
    assert submitted.state == State.AWAITING_REVIEW
    assert submitted.speaker.username == "speaker"
    private = storages["private"]
    assert private.exists(submitted.opus_file.name) and private.exists(submitted.mp3_file.name)
    assert abs(submitted.loudness - audio_processing.TARGET_LUFS) <= 1
    assert 1.5 <= submitted.duration <= 2.5
    # Nothing of it in the public media: no address under /media/ leads to it.
    media_root = Path(storages["default"].location)
    assert not any("recording-so" in str(path) for path in media_root.rglob("*"))
    for name in (submitted.raw_file.name, submitted.opus_file.name, submitted.mp3_file.name):
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/media/media/{Path(name).name}").status_code == 404
    # The language's reviewers (and speakers) hear it through the workspace, others do not.
    listen = reverse("recordings:listen", args=[submitted.pk, "opus"])
    assert client.get(listen).status_code == 302  # anonymous: to the login
    as_user(client, reviewer)
    response = client.get(listen)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"OggS"
    as_user(client, user_in("Reviewers: Arabic", username="arabic-reviewer"))
    assert client.get(listen).status_code == 403


def format_cells(html, language_code):
    """The format matrix's marks for a language: text, audio, pictograms, video."""
    table = re.search(r'<table class="formats__table">(.*?)</table>', html, re.DOTALL).group(1)
    row = re.search(rf'lang="{language_code}".*?</tr>', table, re.DOTALL).group(0)
    return re.findall(r'<td><span aria-hidden="true">(.)</span>', row)


def test_nothing_is_public_before_approval(client, submitted, somali_step):
    html = client.get(somali_step.url).content.decode()
    assert not elements(html, "audio")
    assert format_cells(html, "so")[:2] == ["✓", "–"]
    assert item_for(somali_step).state == workspace.AWAITING_REVIEW


def test_approval_puts_the_recording_on_the_public_page(client, submitted, reviewer, somali_step):
    as_user(client, reviewer)
    page = client.get(item_url(somali_step)).content.decode()
    assert 'value="approve"' in page
    response = client.post(
        reverse("recordings:review", args=[submitted.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED and submitted.reviewer == reviewer
    clip = submitted.clip
    assert not clip.synthetic and clip.language == "so" and clip.transcript == submitted.text
    assert clip.file.name.endswith(".opus") and clip.mp3_file.name.endswith(".mp3")
    client.logout()
    html = client.get(somali_step.url).content.decode()  # recorded beats nothing
    assert clip.file.url in html and clip.mp3_file.url in html
    assert "Synthetic voice" not in html
    assert format_cells(html, "so")[:2] == ["✓", "✓"]  # text, and now audio
    assert item_for(somali_step).state == workspace.APPROVED


def test_a_recording_beats_the_synthetic_voice(
    client, demo_page, clip_bytes, django_capture_on_commit_callbacks
):
    page = demo_page("step-entry", "sv")
    assert page.audio.synthetic  # the demo's synthetic voice
    as_user(client, user_in("Speakers: Swedish", username="sv-speaker"))
    record(client, page, clip_bytes, capture=django_capture_on_commit_callbacks)
    client.get(page.url)  # cached with the synthetic voice
    as_user(client, user_in("Reviewers: Swedish", username="sv-reviewer"))
    recording = Recording.objects.get()
    client.post(reverse("recordings:review", args=[recording.pk]), {"decision": "approve"})
    client.logout()
    html = client.get(page.url).content.decode()
    recording.refresh_from_db()
    assert recording.clip.file.url in html and page.audio.file.url not in html
    assert "Synthetic voice" not in re.search(r'id="page-audio-label">(.*?)</p>', html, re.S)[1]
    # The synthesiser leaves a person's recording alone.
    fresh = type(page).objects.get(pk=page.pk)
    assert speech.ensure_clip(fresh, speech.registrations_for(fresh)[0]) == "recorded"


def test_a_reviewer_never_approves_their_own_recording(
    client, somali_step, clip_bytes, django_capture_on_commit_callbacks
):
    both = user_in("Speakers: Somali", "Reviewers: Somali", username="both")
    as_user(client, both)
    record(client, somali_step, clip_bytes, capture=django_capture_on_commit_callbacks)
    recording = Recording.objects.get()
    assert 'value="approve"' not in client.get(item_url(somali_step)).content.decode()
    response = client.post(
        reverse("recordings:review", args=[recording.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert "A second person must review your recording." in response.content.decode()
    recording.refresh_from_db()
    assert recording.state == State.AWAITING_REVIEW and recording.clip is None


def test_a_speaker_cannot_review_and_another_languages_reviewer_cannot_either(
    client, submitted, speaker
):
    url = reverse("recordings:review", args=[submitted.pk])
    for user in (speaker, user_in("Reviewers: Arabic", username="ar-reviewer")):
        as_user(client, user)
        assert client.post(url, {"decision": "approve"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == State.AWAITING_REVIEW


def test_a_changed_text_marks_the_recording_out_of_date(client, submitted, reviewer, somali_step):
    type(somali_step).objects.filter(pk=somali_step.pk).update(intro="Qoraal cusub oo kale.")
    as_user(client, reviewer)
    client.post(reverse("recordings:review", args=[submitted.pk]), {"decision": "approve"})
    submitted.refresh_from_db()
    assert submitted.state == State.OUT_OF_DATE and submitted.clip is None
    html = client.get(item_url(somali_step)).content.decode()
    assert "The text has changed since this recording was made." in html
    assert type(somali_step).objects.get(pk=somali_step.pk).audio_id is None
    assert item_for(somali_step).state == workspace.OUT_OF_DATE


def test_send_back_needs_a_note_and_tells_the_speaker(
    client, submitted, reviewer, speaker, somali_step
):
    as_user(client, reviewer)
    url = reverse("recordings:review", args=[submitted.pk])
    client.post(url, {"decision": "send_back", "note": "  "})
    submitted.refresh_from_db()
    assert submitted.state == State.AWAITING_REVIEW
    client.post(url, {"decision": "send_back", "note": "Read more slowly, please."})
    submitted.refresh_from_db()
    assert submitted.state == State.SENT_BACK
    as_user(client, speaker)
    assert "Read more slowly, please." in client.get(item_url(somali_step)).content.decode()
    assert item_for(somali_step).state == workspace.SENT_BACK


def test_an_approved_recording_stays_until_a_newer_one_is_approved(
    client,
    submitted,
    reviewer,
    speaker,
    somali_step,
    clip_bytes,
    django_capture_on_commit_callbacks,
):
    as_user(client, reviewer)
    client.post(reverse("recordings:review", args=[submitted.pk]), {"decision": "approve"})
    submitted.refresh_from_db()
    first = submitted.clip
    as_user(client, speaker)
    record(client, somali_step, clip_bytes, capture=django_capture_on_commit_callbacks)
    second = Recording.objects.exclude(pk=submitted.pk).get()
    assert type(somali_step).objects.get(pk=somali_step.pk).audio == first
    as_user(client, reviewer)
    client.post(
        reverse("recordings:review", args=[second.pk]), {"decision": "send_back", "note": "Noise."}
    )
    assert type(somali_step).objects.get(pk=somali_step.pk).audio == first
    assert item_for(somali_step).state == workspace.APPROVED


def test_history_is_in_wagtails_log(client, submitted, reviewer, somali_step):
    from wagtail.models import ModelLogEntry, PageLogEntry

    as_user(client, reviewer)
    client.post(reverse("recordings:review", args=[submitted.pk]), {"decision": "approve"})
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(submitted.pk)).values_list("action", flat=True)
    )
    assert {"recordings.submitted", "recordings.approved"} <= actions
    assert PageLogEntry.objects.filter(page=somali_step, action="recordings.approved").exists()


# Coverage -----------------------------------------------------------------------------------------


def test_coverage_counts_follow_the_states(client, submitted, reviewer, somali_step):
    def somali():
        return workspace.coverage(workspace.collect(["so"]), ["so"])[0]

    before = somali()
    assert before.counts["awaiting_review"] == 1
    assert before.counts["approved"] == 0 and before.recorded_percent == 0
    as_user(client, reviewer)
    client.post(reverse("recordings:review", args=[submitted.pk]), {"decision": "approve"})
    after = somali()
    assert after.total == before.total and after.counts["approved"] == 1
    assert after.recorded_percent == round(100 / after.total)
    html = client.get(reverse("recordings:index")).content.decode()
    assert f'data-recorded="{after.recorded_percent}"' in html
    assert 'id="matrix"' in html


def test_coverage_of_a_language_with_a_voice_counts_synthetic_speech_as_heard(db):
    swedish = workspace.coverage(workspace.collect(["sv"]), ["sv"])[0]
    assert swedish.counts["synthetic"] > 0  # the demo's chain steps
    assert swedish.heard_percent == round(
        100 * (swedish.counts["synthetic"] + swedish.counts["approved"]) / swedish.total
    )
    assert MediaFile.objects.filter(synthetic=True, language="sv").exists()


def test_a_file_the_processing_refuses_shows_its_message_and_no_500(
    client, speaker, somali_step, clip_bytes, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(path, **kwargs):
        raise audio_processing.AudioRejected(
            translation.gettext("This file is not a sound recording, or it is damaged.")
        )

    monkeypatch.setattr(audio_processing, "process_audio", refuse)
    as_user(client, speaker)
    response = record(client, somali_step, clip_bytes, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.state == State.REFUSED and not recording.opus_file
    html = client.get(item_url(somali_step)).content.decode()
    assert recording.message in html and 'data-state="refused"' in html
    assert item_for(somali_step).state == workspace.MISSING


def test_a_broken_ffmpeg_is_a_message_for_the_speaker_not_a_500(
    client, speaker, somali_step, clip_bytes, monkeypatch, django_capture_on_commit_callbacks
):
    def unavailable(path, **kwargs):
        raise audio_processing.AudioUnavailable("ffmpeg could not encode .opus")

    monkeypatch.setattr(audio_processing, "process_audio", unavailable)
    as_user(client, speaker)
    record(client, somali_step, clip_bytes, capture=django_capture_on_commit_callbacks)
    recording = Recording.objects.get()
    assert recording.state == State.REFUSED
    assert recording.message == "The recording could not be processed. Try again later."


def test_an_approved_sfi_recording_goes_to_every_translation_with_the_same_text(
    client, demo_page, clip_bytes, django_capture_on_commit_callbacks
):
    swedish, english = demo_page("step-entry", "sv"), demo_page("step-entry", "en")
    assert swedish.speech_text("sfi") == english.speech_text("sfi") != ""
    as_user(client, user_in("Speakers: Swedish", username="sv-speaker"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(item_url(swedish, "sfi"), {"audio": SimpleUploadedFile("a.webm", clip_bytes)})
    recording = Recording.objects.get()
    as_user(client, user_in("Reviewers: Swedish", username="sv-reviewer"))
    client.post(reverse("recordings:review", args=[recording.pk]), {"decision": "approve"})
    recording.refresh_from_db()
    assert type(english).objects.get(pk=english.pk).sfi_audio_id == recording.clip_id
    assert type(swedish).objects.get(pk=swedish.pk).sfi_audio_id == recording.clip_id
