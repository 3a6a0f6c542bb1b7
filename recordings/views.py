"""The recording workspace in the Wagtail admin (/admin/recordings/).

Speakers see and record the items of their languages, reviewers approve or send back the
recordings of their languages made by someone else; anyone else gets a 403 with a clear message.
Everything works without JavaScript (a file field and ordinary forms); static/js/recorder.js adds
recording in the browser where it can.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from etablering.languages import BY_CODE
from etablering.middleware import permissions_policy
from pages.media import content_type_for

from . import review, workspace
from .forms import RecordingUploadForm, ReviewForm
from .models import Recording

PER_PAGE = 50


def denied(request, message=None):
    return render(
        request,
        "recordings/denied.html",
        {
            "page_title": _("Recording workspace"),
            "message": message or _("You may not use the recording workspace."),
        },
        status=403,
    )


def item_url(item) -> str:
    return reverse(
        "recordings:item", args=[item.content_type_id, item.instance.pk, item.registration.name]
    )


def index(request):
    languages = workspace.visible_languages(request.user)
    if not languages:
        return denied(request)
    items = workspace.collect(languages)
    return render(
        request,
        "recordings/index.html",
        {
            "page_title": _("Recording workspace"),
            "coverage": workspace.coverage(items, languages),
            "matrix": workspace.matrix(items, languages),
            "languages": [BY_CODE[code] for code in languages],
        },
    )


def language_items(request, language_code):
    if language_code not in BY_CODE:
        raise Http404
    if language_code not in workspace.visible_languages(request.user):
        return denied(request, _("You may not record or review in this language."))
    items = workspace.collect([language_code])
    kinds = {item.kind: item.kind_label for item in items}
    state = request.GET.get("state") or ""
    kind = request.GET.get("kind") or ""
    if state not in workspace.ITEM_STATES:
        state = ""
    if kind not in kinds:
        kind = ""
    shown = [item for item in items if workspace.matches(item, state, kind)]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("p"))
    for item in page:
        item.url = item_url(item)
    return render(
        request,
        "recordings/language.html",
        {
            "page_title": _("Recordings: %(language)s") % {"language": BY_CODE[language_code].name},
            "language": BY_CODE[language_code],
            "page": page,
            "total": len(items),
            "shown": len(shown),
            "states": workspace.ITEM_STATES.items(),
            "kinds": sorted(kinds.items(), key=lambda pair: str(pair[1])),
            "state": state,
            "kind": kind,
            "coverage": workspace.coverage(items, [language_code])[0],
        },
    )


def _item_or_denied(request, content_type_id, object_id, name):
    if not workspace.may_use_workspace(request.user):
        return None, denied(request)
    item = workspace.find(content_type_id, object_id, name)
    if item is None:
        raise Http404
    if item.language not in workspace.visible_languages(request.user):
        return None, denied(request, _("You may not record or review in this language."))
    return item, None


@permissions_policy(microphone=["self"])
def item_view(request, content_type_id, object_id, name):
    item, refusal = _item_or_denied(request, content_type_id, object_id, name)
    if refusal is not None:
        return refusal
    may_record = item.language in workspace.languages_for(request.user, workspace.RECORD)
    form = RecordingUploadForm()
    if request.method == "POST":
        if not may_record:
            return denied(request, _("You may not record or review in this language."))
        form = RecordingUploadForm(request.POST, request.FILES)
        if form.is_valid():
            review.submit(item, form.cleaned_data["audio"], request.user)
            messages.success(
                request,
                _("Thank you. Your recording is being processed, then a reviewer listens to it."),
            )
            return redirect(item_url(item))
    recordings = item.recordings
    for recording in recordings:
        recording.may_review = review.may_review(request.user, recording)
    return render(
        request,
        "recordings/item.html",
        {
            "page_title": item.title,
            "item": item,
            "text": item.text(),
            "form": form,
            "may_record": may_record,
            "recordings": recordings,
            "review_form": ReviewForm(),
            "language_url": reverse("recordings:language", args=[item.language]),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def review_view(request, recording_id):
    recording = get_object_or_404(Recording, pk=recording_id)
    item, refusal = _item_or_denied(
        request, recording.content_type_id, recording.object_id, recording.registration
    )
    if refusal is not None:
        return refusal
    if recording.language not in workspace.languages_for(request.user, workspace.REVIEW):
        return denied(request, _("You may not record or review in this language."))
    if recording.speaker_id == request.user.pk:
        return denied(request, _("A second person must review your recording."))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(item_url(item))
    try:
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            review.approve(recording, request.user, item)
            messages.success(request, _("Approved. The public pages play this recording now."))
        else:
            review.send_back(recording, request.user, form.cleaned_data["note"].strip())
            messages.success(request, _("Sent back to the speaker with your note."))
    except review.ReviewRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(item_url(item))


def listen(request, recording_id, kind):
    """A recording's processed audio, from the private storage, for its speaker and the
    language's speakers and reviewers only."""
    recording = get_object_or_404(Recording, pk=recording_id)
    if recording.language not in workspace.visible_languages(request.user):
        return denied(request, _("You may not record or review in this language."))
    field = {"opus": recording.opus_file, "mp3": recording.mp3_file}.get(kind)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type_for(field.name))
    response["Cache-Control"] = "private, no-store"
    return response
