"""Who may do what in the partners section.

- A group per partner city (``Partners: Copenhagen`` …): into the admin; create and edit pages
  only under their city's page (in every language), never publish (a moderation workflow sends
  every change to the coordinators); upload, edit and choose documents only in their city's
  collection (and its private sub-collection). Nothing else: no snippets, no intake cases, no
  users, no settings.
- ``Partner coordinators`` (Stockholm): edit and publish the whole section, approve the partners'
  changes, manage every city's documents, colleagues and arranged meetings.

- Everybody else (Wagtail's *Editors* and *Moderators*, *Intake*, any later group): nothing in
  the *Partners* collections. Collection permissions are inherited by every collection below, so
  no group holds images, documents or media on the root collection: the site's own material lives
  in the *Website* collection (migration 0003 moved Wagtail's default grants and the root's files
  there, and a new file filed under the root goes there too, ``file_new_items_under_website``).

The groups are made by a migration; collections, collection permissions and the workflow by
``ensure_partner_setup`` after every ``migrate``; page permissions when a city page or the section
is saved (``signals.py``), so they exist in production as soon as the pages do. The permission
matrix in tests/test_permission_matrix.py holds what every group may do in every collection.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .choices import PARTNER_CITIES, City

COORDINATORS = "Partner coordinators"
SECTION_COLLECTION = "Partners"
WEBSITE_COLLECTION = "Website"
WORKFLOW = "Partner review"
TASK = "Approval by the partner coordinators"
PARTNER_PAGE_PERMISSIONS = ["add_page", "change_page"]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
]
PARTNER_DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
COORDINATOR_DOCUMENT_PERMISSIONS = [*PARTNER_DOCUMENT_PERMISSIONS, "delete_document"]
COORDINATOR_MODEL_PERMISSIONS = [
    ("partners", codename)
    for model in ("colleague", "meeting")
    for codename in (f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}")
]


# Fixed English names: the groups and collections must not change with the admin's language.
CITY_NAMES = {
    City.STOCKHOLM: "Stockholm",
    City.COPENHAGEN: "Copenhagen",
    City.TRONDHEIM: "Trondheim",
    City.WARSAW: "Warsaw",
    City.BIRMINGHAM: "Birmingham",
}


def city_group_name(city: str) -> str:
    return f"Partners: {CITY_NAMES[city]}"


def internal_collection_name(city: str) -> str:
    return f"{CITY_NAMES[city]} (internal)"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission("wagtailcore", codename)


def _document_permission(codename):
    # Wagtail checks document permissions against wagtaildocs.Document whatever the model.
    return _permission("wagtaildocs", codename)


def _child_collection(parent, name):
    for child in parent.get_children():
        if child.name == name:
            return child
    return parent.add_child(instance=Collection(name=name))


@transaction.atomic
def ensure_partner_setup():
    """Collections, collection permissions and the moderation workflow. Idempotent."""
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS)
    for app_label, codename in [("wagtailadmin", "access_admin"), *COORDINATOR_MODEL_PERMISSIONS]:
        coordinators.permissions.add(_permission(app_label, codename))
    root = Collection.get_first_root_node()
    _child_collection(root, WEBSITE_COLLECTION)
    section = _child_collection(root, SECTION_COLLECTION)
    for codename in COORDINATOR_DOCUMENT_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=coordinators, collection=section, permission=_document_permission(codename)
        )
    for city in City:
        collection = _child_collection(section, CITY_NAMES[city])
        internal = _child_collection(collection, internal_collection_name(city))
        restriction, _created = CollectionViewRestriction.objects.get_or_create(
            collection=internal,
            defaults={"restriction_type": CollectionViewRestriction.GROUPS},
        )
        restriction.groups.add(coordinators)
        if city in PARTNER_CITIES:
            group, _created = Group.objects.get_or_create(name=city_group_name(city))
            group.permissions.add(_permission("wagtailadmin", "access_admin"))
            restriction.groups.add(group)
            for codename in PARTNER_DOCUMENT_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=_document_permission(codename)
                )
    ensure_workflow(coordinators)


def ensure_workflow(coordinators=None):
    coordinators = coordinators or Group.objects.get(name=COORDINATORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK)
    task.groups.add(coordinators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def website_collection():
    """The collection of the site's own images, documents and media (not the partners')."""
    root = Collection.get_first_root_node()
    if root is None:
        return None
    return _child_collection(root, WEBSITE_COLLECTION)


def file_new_items_under_website(instance):
    """A new image, document or media file filed under the root collection goes to *Website*:
    only superusers reach the root, and a grant there would reach every partner's private
    collection."""
    if not instance._state.adding:
        return
    collection_id = getattr(instance, "collection_id", None)
    root = Collection.get_first_root_node()
    if root is None or (collection_id is not None and collection_id != root.pk):
        return
    website = website_collection()
    if website is not None:
        instance.collection = website


def city_collection(city: str):
    section = Collection.objects.filter(name=SECTION_COLLECTION, depth=2).first()
    if section is None:
        return None
    return next((c for c in section.get_children() if c.name == CITY_NAMES[city]), None)


def grant_city_page_permissions(city_page):
    """The city's group may add and edit pages under this city page (any language)."""
    if city_page.city not in PARTNER_CITIES:
        return
    group, _created = Group.objects.get_or_create(name=city_group_name(city_page.city))
    for codename in PARTNER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=city_page, permission=_page_permission(codename)
        )


def grant_section_permissions(section_page):
    """The coordinators run the section; every change below it goes through the workflow."""
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS)
    for codename in COORDINATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=coordinators, page=section_page, permission=_page_permission(codename)
        )
    workflow = ensure_workflow(coordinators)
    WorkflowPage.objects.get_or_create(page=section_page, defaults={"workflow": workflow})


def city_of_collection(collection) -> str | None:
    """The city whose collection (or private sub-collection) this is; None elsewhere."""
    names = {name: city for city, name in CITY_NAMES.items()}
    for ancestor in collection.get_ancestors(inclusive=True).order_by("-depth"):
        if ancestor.depth == 3 and ancestor.get_parent().name == SECTION_COLLECTION:
            return names.get(ancestor.name)
    return None
