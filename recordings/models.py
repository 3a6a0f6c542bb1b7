"""A person's recording of one text a non-reader needs to hear (one "voice item").

A voice item is one registration of ``pages/speech.py``'s registry applied to one object: the
object (content type and id) and the registration's name (e.g. a page's "easy" level). A
recording keeps the text and its hash as they were when it was made, so an item whose text has
changed since is never approved with the old reading.

The raw upload and the processed Opus and MP3 stay in the private storage (never under a public
address) until a reviewer approves; only then does the clip become a ``pages.MediaFile`` in the
public media library and take its place in the item's field.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from etablering.languages import LANGUAGES


def private_storage():
    return storages["private"]


class State(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    REFUSED = "refused", _("Refused")
    AWAITING_REVIEW = "awaiting_review", _("Recorded, awaiting review")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")
    OUT_OF_DATE = "out_of_date", _("Out of date")


def _language_permissions():
    permissions = []
    for language in LANGUAGES:
        permissions.append((f"record_{language.code}", f"Can record in {language.name}"))
        permissions.append((f"review_{language.code}", f"Can review recordings in {language.name}"))
    return permissions


class Recording(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    registration = models.CharField(max_length=100)
    language = models.CharField(max_length=8, db_index=True)
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROCESSING)
    # The language the speaker used the admin in: messages about the file are written in it.
    interface_language = models.CharField(max_length=8, blank=True)
    raw_file = models.FileField(storage=private_storage, upload_to="recordings/raw")
    opus_file = models.FileField(storage=private_storage, upload_to="recordings/opus", blank=True)
    mp3_file = models.FileField(storage=private_storage, upload_to="recordings/mp3", blank=True)
    duration = models.FloatField(null=True, blank=True)
    loudness = models.FloatField(null=True, blank=True)
    message = models.TextField(blank=True)  # why the file was refused
    note = models.TextField(blank=True)  # the reviewer's note when sent back
    clip = models.ForeignKey(
        "pages.MediaFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "registration"])]
        default_permissions = ()
        permissions = _language_permissions()

    def __str__(self):
        return f"{self.registration} ({self.language}) #{self.pk}"

    @property
    def item_key(self) -> tuple[int, int, str]:
        return (self.content_type_id, self.object_id, self.registration)

    def delete_private_files(self):
        for field in (self.raw_file, self.opus_file, self.mp3_file):
            if field:
                field.delete(save=False)
