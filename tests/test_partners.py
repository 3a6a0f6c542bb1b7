"""The partners section: permission matrix, moderation, uploads, downloads, filters, progress,
the colleague request and the printable handbook."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Page

from forms.models import Case
from pages.demo.loader import translation_key
from partners.choices import PARTNER_CITIES
from partners.models import (
    CityPage,
    Colleague,
    EventPage,
    Meeting,
    PartnerDocument,
    ProjectPage,
)
from partners.pdf import simple_pdf
from partners.permissions import COORDINATORS, city_group_name
from partners.uploads import MAX_UPLOAD_BYTES, validate_upload

CITIES = ["stockholm", *[str(c) for c in PARTNER_CITIES]]


def page(key, language="sv"):
    return Page.objects.get(
        translation_key=translation_key(key), locale__language_code=language
    ).specific


def city_page(city, language="sv"):
    return CityPage.objects.get(city=city, locale__language_code=language)


def document(city, private):
    documents = PartnerDocument.objects.filter(city=city)
    marker = "(internal)"
    if private:
        return documents.filter(collection__name__endswith=marker).first()
    return documents.exclude(collection__name__endswith=marker).first()


@pytest.fixture
def storage_without_local_paths(db, settings, tmp_path):
    """Files in a private folder of the test's own, written again from the demo's documents."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    for doc in PartnerDocument.objects.all():
        storages["private"].save(doc.file.name, ContentFile(simple_pdf(doc.title, [doc.summary])))


@pytest.fixture
def users(db):
    User = get_user_model()
    made = {}
    for city in PARTNER_CITIES:
        user = User.objects.create_user(f"t-{city}", password="x" * 16)
        user.groups.add(Group.objects.get(name=city_group_name(city)))
        made[str(city)] = user
    made["coordinator"] = User.objects.create_user("t-coordinator", password="x" * 16)
    made["coordinator"].groups.add(Group.objects.get(name=COORDINATORS))
    made["intake"] = User.objects.create_user("t-intake", password="x" * 16)
    made["intake"].groups.add(Group.objects.get(name="Intake"))
    made["anonymous"] = None
    return made


def refused(status):
    # Wagtail answers a refused admin view with 403, or a redirect to the login or dashboard.
    return status in (302, 403, 404)


ACTIONS = ["edit city page", "add page under city", "edit document", "private document"]


def target_url(action, city):
    if action == "edit city page":
        return f"/admin/pages/{city_page(city).pk}/edit/"
    if action == "add page under city":
        return f"/admin/pages/add/partners/projectpage/{city_page(city).pk}/"
    if action == "edit document":
        return f"/admin/documents/edit/{document(city, private=False).pk}/"
    return document(city, private=True).url


def expected(who, action, city):
    """200 where the user may act, a refusal (302/403) elsewhere."""
    if who == "coordinator":
        return 200
    if who == city and city != "stockholm":
        return 200
    return "refused"


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize(
    "who", ["copenhagen", "trondheim", "warsaw", "birmingham", "coordinator", "intake", "anonymous"]
)
def test_permission_matrix(client, users, who, city, action, storage_without_local_paths):
    if users[who] is not None:
        client.force_login(users[who])
    url = target_url(action, city)
    response = client.get(url)
    want = expected(who, action, city)
    if want == 200:
        assert response.status_code == 200, url
    else:
        assert refused(response.status_code), (url, response.status_code)
        if action == "private document":
            assert not response.streaming and b"%PDF" not in response.content
        if who == "anonymous":
            assert response.status_code == 302
            assert "login" in response["Location"]


@pytest.mark.parametrize("city", [str(c) for c in PARTNER_CITIES])
def test_partner_may_edit_own_city_page_in_every_language_but_never_publish(users, city):
    user = users[city]
    for language in ("sv", "en"):
        permissions = city_page(city, language).permissions_for_user(user)
        assert permissions.can_edit()
        assert permissions.can_add_subpage()
        assert not permissions.can_publish()
        assert not permissions.can_delete()
    other = next(c for c in CITIES if c not in (city, "stockholm"))
    assert not city_page(other).permissions_for_user(user).can_edit()
    assert not page("partners").permissions_for_user(user).can_edit()


def test_partner_sees_no_intake_snippets_users_or_settings(client, users):
    client.force_login(users["copenhagen"])
    for url in (
        "/admin/users/",
        "/admin/groups/",
        "/admin/snippets/partners/colleague/",
        "/admin/settings/pages/sitedetails/",
        "/admin/intake/",
    ):
        response = client.get(url)
        assert refused(response.status_code), url
    dashboard = client.get("/admin/").content.decode()
    assert "Intake queue" not in dashboard and "Inkorg" not in dashboard


def test_changes_go_through_the_coordinators_workflow(users):
    city = city_page("copenhagen")
    partner, coordinator = users["copenhagen"], users["coordinator"]
    workflow = city.get_workflow()
    assert workflow is not None and workflow.name == "Partner review"
    city.title = "København – ny titel"
    revision = city.save_revision(user=partner)
    state = workflow.start(city, partner)
    city.refresh_from_db()
    assert city.title != "København – ny titel"  # not live before approval
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(city, partner) == []  # the partner cannot approve their own change
    assert {action for action, *_ in task.get_actions(city, coordinator)} >= {"approve"}
    task.on_action(task_state, coordinator, "approve")
    city.refresh_from_db()
    assert city.live_revision_id == revision.pk
    assert city.title == "København – ny titel"


# Uploads -----------------------------------------------------------------------------------------


def upload(name, data):
    return SimpleUploadedFile(name, data)


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("plan.pdf", simple_pdf("Plan", ["Text"])),
        ("notes.txt", "Anteckningar från Köpenhamn\n".encode()),
        ("list.csv", b"city,meetings\nTrondheim,12\n"),
        (
            "module.docx",
            zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "x")]),
        ),
        ("sheet.xlsx", zip_bytes([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "x")])),
        (
            "slides.pptx",
            zip_bytes([("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "x")]),
        ),
        (
            "text.odt",
            zip_bytes(
                [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "x")]
            ),
        ),
    ],
)
def test_allowed_files_pass(name, data):
    validate_upload(upload(name, data))


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "content"),
        ("image.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "content"),
        ("notes.txt", b"<html><body>hi</body></html>", "content"),
        ("notes.txt", b"\xff\xfe\x00b\x00i\x00n", "content"),
        ("module.docx", simple_pdf("x", ["y"]), "content"),
        ("module.docx", zip_bytes([("word/document.xml", "x")]), "content"),
        (
            "text.odt",
            zip_bytes([("mimetype", "application/vnd.oasis.opendocument.spreadsheet")]),
            "content",
        ),
        ("page.html", b"<html></html>", "extension"),
        ("image.svg", b"<svg/>", "extension"),
        ("program.exe", b"MZ", "extension"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_disguised_and_forbidden_files_are_refused(name, data, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, data))
    assert error.value.code == code


def test_oversized_file_is_refused_with_the_limit_stated():
    big = simple_pdf("Big", ["x"]) + b"0" * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", big))
    assert error.value.code == "size"
    assert "20" in str(error.value.messages[0])


def test_admin_upload_of_an_html_file_renamed_pdf_is_refused_clearly(client, users):
    client.force_login(users["trondheim"])
    collection = document("trondheim", private=False).collection
    count = PartnerDocument.objects.count()
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Disguised",
            "file": upload("report.pdf", b"<html><script>alert(1)</script></html>"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 200
    # The admin speaks Swedish unless the user chose English.
    assert "innehållet är inte en PDF-fil" in response.content.decode()
    assert PartnerDocument.objects.count() == count


def test_partner_cannot_upload_into_another_citys_collection(client, users):
    client.force_login(users["trondheim"])
    other = document("copenhagen", private=False).collection
    count = PartnerDocument.objects.count()
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Elsewhere",
            "file": upload("a.pdf", simple_pdf("a", ["b"])),
            "collection": other.pk,
        },
    )
    assert response.status_code == 200
    assert PartnerDocument.objects.count() == count


def test_partner_upload_into_own_collection_is_stored(client, users):
    client.force_login(users["trondheim"])
    own = document("trondheim", private=False).collection
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Ny plan",
            "file": upload("plan.pdf", simple_pdf("Plan", ["b"])),
            "collection": own.pk,
        },
    )
    assert response.status_code == 302
    assert PartnerDocument.objects.filter(title="Ny plan", collection=own).exists()


def test_a_document_belongs_to_the_city_of_its_collection(client, users):
    client.force_login(users["trondheim"])
    own = document("trondheim", private=False).collection
    client.post(
        "/admin/documents/add/",
        {
            "title": "Under another name",
            "file": upload("plan.pdf", simple_pdf("Plan", ["b"])),
            "collection": own.pk,
            "city": "warsaw",
        },
    )
    assert PartnerDocument.objects.get(title="Under another name").city == "trondheim"


# Downloads ---------------------------------------------------------------------------------------


def test_documents_are_always_downloads_never_inline(client, storage_without_local_paths):
    doc = document("copenhagen", private=False)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-")


def test_private_documents_have_no_public_page_and_are_not_listed(client):
    private = document("birmingham", private=True)
    library = page("partners-library")
    assert client.get(f"{library.url}{private.pk}/").status_code == 404
    listing = client.get(library.url + "?city=birmingham").content.decode()
    assert private.title not in listing
    assert document("birmingham", private=False).title in listing


def test_private_document_is_served_to_its_city(client, users, storage_without_local_paths):
    client.force_login(users["birmingham"])
    response = client.get(document("birmingham", private=True).url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_document_page_states_format_and_size(client):
    doc = document("trondheim", private=False)
    response = client.get(f"{page('partners-library', 'en').url}{doc.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert doc.title in html and doc.summary in html
    assert "PDF" in html and ("KB" in html or "bytes" in html)
    assert doc.url in html


# Filters -----------------------------------------------------------------------------------------


def test_library_filters_by_city_theme_language_and_type(client):
    url = page("partners-library", "en").url
    html = client.get(url + "?city=copenhagen&theme=employers").content.decode()
    assert "Feriejob: programplan" in html
    assert "Mentornettverket" not in html
    html = client.get(url + "?language=nb").content.decode()
    assert "Mentornettverket: erfaringer" in html and "Feriejob: programplan" not in html
    html = client.get(url + "?type=presentation").content.decode()
    assert "Warsaw Labour Office: who we are" in html and "Feriejob: programplan" not in html


@pytest.mark.parametrize(
    "query",
    ["?city=oslo", "?theme=cooking", "?language=xx", "?type=poem", "?sida=abc", "?sida=999"],
)
def test_unknown_filter_values_explain_and_show_the_listing(client, query):
    response = client.get(page("partners-library", "en").url + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice"' in html
    assert "doc-card" in html


def test_colleague_directory_shows_no_contact_details(client):
    html = client.get(page("partners-colleagues", "en").url).content.decode()
    assert "Grace Okafor" in html
    assert "@" not in html.split("<main")[1].split("</main>")[0]
    html = client.get(page("partners-colleagues", "en").url + "?city=trondheim").content.decode()
    assert "Ingrid Aune" in html and "Grace Okafor" not in html


def test_a_colleague_request_becomes_a_partner_case_naming_the_colleague(client):
    colleague = Colleague.objects.get(name="Ingrid Aune")
    contact = page("contact-partner", "en")
    form = client.get(f"{contact.url}?colleague={colleague.pk}").content.decode()
    assert "Ingrid Aune" in form
    assert f'name="colleague" value="{colleague.pk}"' in form


# Progress ----------------------------------------------------------------------------------------


def progress_rows(client):
    html = client.get(page("partners", "en").url).content.decode()
    rows = {}
    for key in ("meetings", "study_visit", "workshop", "seminar"):
        row = html.split(f'data-key="{key}"')[1].split("</tr>")[0]
        cells = [c.split("<")[0] for c in row.split("<td>")[1:]]
        rows[key] = (int(cells[0]), int(cells[1]))
    return rows


def test_progress_chart_counts_the_data_against_the_targets(client):
    rows = progress_rows(client)
    assert rows["meetings"] == (Meeting.objects.count(), 125)
    assert rows["study_visit"] == (3, 8)  # three past study visits; Warsaw is still to come
    assert rows["workshop"] == (2, 8)
    assert rows["seminar"] == (1, 4)
    Meeting.objects.create(colleague=Colleague.objects.first())
    future = EventPage.objects.filter(locale__language_code="sv", city="warsaw").get()
    future.start_date = timezone.localdate()
    future.save_revision().publish()
    rows = progress_rows(client)
    assert rows["meetings"][0] == Meeting.objects.count()
    assert rows["study_visit"][0] == 4


def test_a_cancelled_event_does_not_count(client):
    seminar = EventPage.objects.filter(locale__language_code="sv", kind="seminar").get()
    seminar.cancelled = True
    seminar.save_revision().publish()
    assert progress_rows(client)["seminar"] == (0, 4)


# Handbook ----------------------------------------------------------------------------------------


def test_handbook_has_contents_a_printable_whole_and_a_print_stylesheet(client):
    handbook = page("partners-handbook")
    html = client.get(handbook.url).content.decode()
    assert 'href="/static/css/handbook-print.css" media="print"' in html
    whole_url = f"{handbook.url}hela-handboken/"
    assert whole_url in html
    whole = client.get(whole_url).content.decode()
    chapters = handbook.get_children().live()
    assert chapters.count() >= 5
    for chapter in chapters:
        assert chapter.title in whole
    assert 'media="print"' in whole
    from django.contrib.staticfiles import finders

    with open(finders.find("css/handbook-print.css"), encoding="utf-8") as css:
        assert "@media print" in css.read()


def test_project_pages_appear_on_their_theme_pages(client):
    project = ProjectPage.objects.get(locale__language_code="en", slug="mentorsnatverket")
    html = client.get(page("theme-motivation", "en").url).content.decode()
    assert project.title in html
    assert "Trondheim" in html


def test_city_pages_exist_in_english_swedish_and_the_citys_language(client):
    for city, local in [("copenhagen", "da"), ("trondheim", "nb"), ("warsaw", "pl")]:
        for language in ("sv", "en", local):
            city_page_obj = city_page(city, language)
            response = client.get(city_page_obj.url)
            assert response.status_code == 200
            assert f'lang="{language}"' in response.content.decode()


def test_no_case_is_made_by_merely_opening_the_form(db):
    assert not Case.objects.filter(channel="partner").exists()
