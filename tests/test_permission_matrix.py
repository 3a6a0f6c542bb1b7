"""Private means private (issue 12, item 3): what every group may do with images and documents in
every collection, asked of Wagtail's own permission policies, the ones the admin uses.

Every group that exists after the migrations and the demo load is checked (``Group.objects``,
not a list): Wagtail's *Editors* and *Moderators*, *Intake*, each partner city, the coordinators,
and any group added later. A group the table below does not name is expected to hold nothing on
images and documents anywhere (the recording workspace's speakers and reviewers, for instance);
if it is given a grant, the test fails and names it, so that the grant is a decision written here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

from partners.choices import PARTNER_CITIES
from partners.library import restricted_collection_ids
from partners.permissions import (
    COORDINATORS,
    SECTION_COLLECTION,
    WEBSITE_COLLECTION,
    city_group_name,
    city_of_collection,
)

pytestmark = pytest.mark.django_db
document_policy = policy_registry.get_by_type(get_document_model())
image_policy = policy_registry.get_by_type(get_image_model())

ACTIONS = ("view", "add", "change", "delete", "choose")
POLICIES = {"documents": document_policy, "images": image_policy}
EDIT = {"add", "change", "delete", "choose"}

# Kinds of collection: "root", "website" (the site's own material), "section" (Partners),
# ("city", c) and ("private", c) for a city's collection and its internal sub-collection, and
# "other" for any collection made later outside these.


def _editors(kind, model):
    return EDIT if kind == "website" else set()


def _coordinators(kind, model):
    if model == "documents" and (kind == "section" or kind[0] in ("city", "private")):
        return EDIT
    return set()


def _city(city):
    # Wagtail's change permission covers deleting too: a city manages its own documents.
    def allowed(kind, model):
        if model == "documents" and kind in (("city", city), ("private", city)):
            return EDIT
        return set()

    return allowed


def _nothing(kind, model):
    return set()


# The expectation table: group name → (collection kind, "documents" or "images") → actions.
EXPECTED = {
    "Editors": _editors,
    "Moderators": _editors,
    "Intake": _nothing,
    COORDINATORS: _coordinators,
    **{city_group_name(city): _city(str(city)) for city in PARTNER_CITIES},
}
# Raw grants (any content type, media and collection management included) a group may hold, by
# collection kind; anything else is an unexpected grant.
EXPECTED_RAW = {
    "Editors": {"website": {"wagtaildocs", "wagtailimages", "wagtailmedia"}},
    "Moderators": {"website": {"wagtaildocs", "wagtailimages", "wagtailmedia"}},
    COORDINATORS: {"section": {"wagtaildocs"}},
    **{city_group_name(city): {("city", str(city)): {"wagtaildocs"}} for city in PARTNER_CITIES},
}


def kind_of(collection, private_ids):
    if collection.depth == 1:
        return "root"
    top = collection.get_ancestors(inclusive=True).filter(depth=2).first()
    if top.name == WEBSITE_COLLECTION:
        return "website"
    if top.name == SECTION_COLLECTION:
        city = city_of_collection(collection)
        if city is None:
            return "section"
        return ("private" if collection.pk in private_ids else "city", str(city))
    return "other"


def user_in(group):
    number = get_user_model().objects.count()
    user = get_user_model().objects.create_user(f"matrix-{group.pk}-{number}", password="x" * 16)
    user.groups.add(group)
    return user


def actual_matrix():
    """{(group, collection, model, action): allowed} from Wagtail's permission policies."""
    matrix = {}
    for group in Group.objects.order_by("name"):
        user = user_in(group)
        for model, policy in POLICIES.items():
            for action in ACTIONS:
                allowed = set(policy.collections_user_has_permission_for(user, action))
                for collection in Collection.objects.all():
                    matrix[group.name, collection, model, action] = collection in allowed
    return matrix


def test_the_demo_has_the_groups_and_collections_the_matrix_is_about():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(EXPECTED) <= names
    private_ids = restricted_collection_ids()
    kinds = [kind_of(c, private_ids) for c in Collection.objects.all()]
    for city in PARTNER_CITIES:
        assert ("private", str(city)) in kinds and ("city", str(city)) in kinds
    assert {"root", "website", "section"} <= set(kinds)


def test_every_group_may_do_exactly_what_the_table_says_in_every_collection():
    private_ids = restricted_collection_ids()
    matrix = actual_matrix()
    wrong = []
    for (group, collection, model, action), allowed in matrix.items():
        kind = kind_of(collection, private_ids)
        expected = action in EXPECTED.get(group, _nothing)(kind, model)
        if allowed != expected:
            hint = "" if group in EXPECTED else " (group not in EXPECTED: decide and add it)"
            verdict = "allowed, expected refused" if allowed else "refused, expected allowed"
            where = f"{collection.name!r} ({kind})"
            wrong.append(f"{group}{hint}: {action} {model} in {where}: {verdict}")
    groups = Group.objects.count()
    collections = Collection.objects.count()
    assert len(matrix) == groups * collections * len(POLICIES) * len(ACTIONS)
    assert not wrong, "\n".join(wrong)


def test_only_the_owning_city_and_the_coordinators_touch_a_private_collection():
    private_ids = restricted_collection_ids()
    matrix = actual_matrix()
    for collection in Collection.objects.filter(pk__in=private_ids):
        kind = kind_of(collection, private_ids)
        assert kind[0] == "private"
        touching = {
            group
            for (group, coll, _model, _action), allowed in matrix.items()
            if coll == collection and allowed
        }
        owners = {COORDINATORS}
        if kind[1] in {str(city) for city in PARTNER_CITIES}:
            owners.add(city_group_name(kind[1]))  # Stockholm's is the coordinators' own
        assert touching == owners, collection.name


def test_no_group_holds_an_unexpected_grant_of_any_kind():
    """Media, collection management, anything: every collection grant is in EXPECTED_RAW."""
    private_ids = restricted_collection_ids()
    unexpected = []
    for grant in GroupCollectionPermission.objects.select_related(
        "group", "collection", "permission__content_type"
    ):
        kind = kind_of(grant.collection, private_ids)
        if kind[0] == "private":  # granted on the city's collection, inherited below it
            unexpected.append(grant)
            continue
        apps = EXPECTED_RAW.get(grant.group.name, {}).get(kind, set())
        if grant.permission.content_type.app_label not in apps:
            unexpected.append(grant)
    assert not unexpected, [
        f"{g.group.name}: {g.permission.codename} on {g.collection.name!r}" for g in unexpected
    ]


def test_a_new_group_granted_a_private_collection_is_caught():
    """The safety net itself: a later group given a city's private documents fails the matrix."""
    from partners.permissions import _document_permission

    intruder = Group.objects.create(name="Recording reviewers (sv)")
    private = Collection.objects.get(pk=min(restricted_collection_ids()))
    GroupCollectionPermission.objects.create(
        group=intruder, collection=private, permission=_document_permission("change_document")
    )
    with pytest.raises(AssertionError, match="Recording reviewers"):
        test_every_group_may_do_exactly_what_the_table_says_in_every_collection()
    with pytest.raises(AssertionError):
        test_only_the_owning_city_and_the_coordinators_touch_a_private_collection()


def test_a_new_group_without_grants_passes_the_matrix():
    Group.objects.create(name="Speakers (ar)")
    test_every_group_may_do_exactly_what_the_table_says_in_every_collection()


def test_editors_work_on_the_sites_own_material_and_new_files_land_there():
    """Least privilege did not lock the editors out: the demo's images are theirs to choose, and
    a file filed under the root (as code does by default) goes to Website."""
    from django.core.files.base import ContentFile

    editor = user_in(Group.objects.get(name="Editors"))
    root = Collection.get_first_root_node()
    image_model = get_image_model()
    assert not image_model.objects.filter(collection=root).exists()
    assert image_policy.instances_user_has_permission_for(editor, "choose").exists()
    document = get_document_model()(title="Ny broschyr", collection=root)
    document.file.save("broschyr.txt", ContentFile(b"Hej"), save=False)
    document.save()
    assert document.collection.name == WEBSITE_COLLECTION
    assert document_policy.user_has_permission_for_instance(editor, "change", document)
