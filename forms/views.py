"""Serving a contact page: show the form, accept a submission, show the receipt.

A submission is stored as a case in one transaction before anything else happens; the team's
notification and the visitor's receipt are background tasks queued when that transaction commits.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from wagtail.url_routing import RouteResult

from .antispam import (
    new_form_token,
    queue_wait,
    read_form_token,
    remember_sender,
    spam_reasons,
)
from .forms import FORMS
from .models import Case, Channel, Status
from .tasks import notify_team, send_receipt

logger = logging.getLogger(__name__)
RECEIPT_SEGMENT = "tack"
RECEIPT_SALT = "intake.receipt"
# On the receipt's address: the visitor asked again and joined the open request shown.
ASKED_AGAIN_PARAMETER = "igen"
OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS)


def receipt_route(page, request, path_components):
    if len(path_components) == 2 and path_components[0] == RECEIPT_SEGMENT and page.live:
        return RouteResult(page, kwargs={"receipt": path_components[1]})
    return None


def _receipt_mac(reference: str) -> str:
    return salted_hmac(RECEIPT_SALT, reference).hexdigest()[:20]


def receipt_url(form_path: str, case) -> str:
    """The receipt's address below the form's own (so in the visitor's language): the reference
    and a signature, so that nobody can guess others'. Only letters, digits and hyphens: Wagtail's
    URL pattern allows nothing else."""
    return f"{form_path}{RECEIPT_SEGMENT}/{case.reference}-{_receipt_mac(case.reference)}/"


def _never_cached(response):
    # A cached form would hand one visitor's CSRF token to everybody else.
    patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
    return response


def serve_contact_page(page, request, *args, receipt=None, **kwargs):
    if receipt is not None:
        return _never_cached(show_receipt(page, request, receipt))
    form_class = FORMS[page.channel]
    expired = False
    if request.method == "POST":
        data = request.POST.copy()
        token = read_form_token(data.get("form_token", ""))
        if token is None:
            expired = True
            data["form_token"] = new_form_token()
        form = form_class(data)
        if form.is_valid() and not expired:
            wait = queue_wait(request)
            if wait:
                return _never_cached(too_many_requests(request, page, wait))
            case, joined = accept_submission(page, form, token)
            remember_sender(request)
            url = receipt_url(request.path, case)
            if joined:
                url += f"?{ASKED_AGAIN_PARAMETER}=1"
            return _never_cached(redirect(url))
    elif request.method in ("GET", "HEAD"):
        initial = {"language": translation.get_language(), "form_token": new_form_token()}
        offer = _offer_asked_about(page, request.GET.get("offer"))
        if offer is not None:
            initial.update(
                offer=offer.pk,
                message=gettext("I am interested in the offer “%(title)s”.")
                % {"title": offer.title},
            )
        colleague = _colleague_asked_about(page, request.GET.get("colleague"))
        if colleague is not None:
            initial.update(
                colleague=colleague.pk,
                topic="meet_colleague",
                message=gettext("I would like to meet %(colleague)s.") % {"colleague": colleague},
            )
        form = form_class(initial=initial)
    else:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = page.get_context(request, *args, **kwargs)
    offer_field = form["offer"].value() if "offer" in form.fields else None
    colleague_field = form["colleague"].value() if "colleague" in form.fields else None
    context.update(
        form=form,
        form_expired=expired,
        offer=_offer_asked_about(page, offer_field),
        colleague=_colleague_asked_about(page, colleague_field),
    )
    return _never_cached(TemplateResponse(request, page.get_template(request), context))


def _offer_asked_about(page, value):
    """The live recruitment offer named in the address (?offer=), for the employer form only."""
    if page.channel != Channel.EMPLOYER or not value or not str(value).isdigit():
        return None
    offer_model = apps.get_model("employers", "OfferPage")
    return offer_model.objects.live().filter(pk=int(value)).select_related("locale").first()


def _colleague_asked_about(page, value):
    """The colleague named in the address (?colleague=), for the partner form only."""
    if page.channel != Channel.PARTNER or not value or not str(value).isdigit():
        return None
    return apps.get_model("partners", "Colleague").objects.filter(pk=int(value)).first()


def open_callback(phone: str) -> Case | None:
    """The open call-back request for a phone number, if there is one (suspected spam is not
    one: the person asking now may be the one a spammer pretended to be)."""
    if not phone:
        return None
    return (
        Case.objects.filter(
            channel=Channel.CALLBACK,
            phone=phone,
            status__in=OPEN_STATUSES,
            suspected_spam=False,
        )
        .order_by("created_at")
        .first()
    )


def join_open_request(case: Case) -> None:
    """Someone asked again for a number we are about to call: the case counts the requests, so
    the team sees it, and nothing new is queued."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.details = {**locked.details, "asked_again": locked.details.get("asked_again", 0) + 1}
        locked.save(update_fields=["details"])


def accept_submission(page, form, token) -> tuple[Case, bool]:
    """Store the case; queue its notification and receipt for when the transaction commits.

    A call-back for a number that already has an open request joins that request: the case and
    True are returned, and no second case is made (never a refusal: the person is called)."""
    reasons = spam_reasons(token, form.cleaned_data.get(form.honeypot_field, ""))
    replayed = Case.objects.filter(submission_token=token.once).first()
    if replayed is not None:  # the same form sent twice (a double click): its own case
        return replayed, False
    if form.channel == Channel.CALLBACK and not reasons:
        existing = open_callback(form.cleaned_data.get("phone", ""))
        if existing is not None:
            join_open_request(existing)
            return existing, True
    team = page.team if page.team and page.team.active else None
    with transaction.atomic():
        case, created = Case.create_from_submission(
            submission_token=token.once,
            channel=form.channel,
            team=team,
            page=page,
            suspected_spam=bool(reasons),
            spam_reasons="; ".join(reasons),
            **form.case_fields(),
        )
        if created and not case.suspected_spam:
            transaction.on_commit(lambda: _enqueue(notify_team, case))
            if case.email:
                transaction.on_commit(lambda: _enqueue(send_receipt, case))
    return case, False


def _enqueue(task, case):
    """Queue a task; if even that fails, the sweep sends it later (the case is stored)."""
    try:
        task.enqueue(case.pk)
    except Exception:  # noqa: BLE001 - the stored case is the source of truth
        logger.exception("could not queue %s for case %s", task.name, case.reference)


def show_receipt(page, request, token):
    reference, _sep, mac = token.partition("-")
    if not constant_time_compare(mac, _receipt_mac(reference)):
        raise Http404
    case = Case.objects.filter(reference=reference).only("reference", "channel", "email").first()
    if case is None:
        raise Http404
    context = page.get_context(request)
    context.update(
        case=case,
        receipt_by_email=bool(case.email) and not case.suspected_spam,
        asked_again=request.GET.get(ASKED_AGAIN_PARAMETER) == "1",
    )
    return TemplateResponse(request, "forms/receipt.html", context)


def too_many_requests(request, page, wait_seconds):
    minutes = max(1, -(-wait_seconds // 60))
    context = page.get_context(request)
    context.update(minutes=minutes)
    response = TemplateResponse(request, "forms/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(wait_seconds)
    return response
