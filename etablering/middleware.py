"""Security headers (the Content-Security-Policy split between public pages and the Wagtail admin,
the Permissions-Policy header) and the visitor's address behind reverse proxies."""

import ipaddress
from functools import wraps

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import DisallowedHost

from .params import parse_int

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def is_admin_path(path):
    prefixes = settings.ADMIN_CONTENT_SECURITY_POLICY.get("PATH_PREFIXES", ["/admin/"])
    return path.startswith(tuple(prefixes))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with settings.ADMIN_CONTENT_SECURITY_POLICY under the admin's paths.

    Public pages get settings.CONTENT_SECURITY_POLICY (nonce-based, nothing inline otherwise);
    the admin, which needs inline scripts and styles, gets its own policy. Page previews, which
    Wagtail renders through the middleware with the page's own path, keep the public policy but
    may be framed by the admin. A view decorated with
    csp.decorators (csp_replace, csp_update, csp_exempt) still changes its own response.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if is_admin_path(request.path_info):
            if parts.config is None:
                parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            return parts
        if parts.nonce is None and hasattr(request, "csp_nonce"):
            # Every public response carries a fresh nonce, used by a template or not.
            parts.nonce = str(request.csp_nonce)
        if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
            # A page preview: the public page, rendered by Wagtail (through this middleware)
            # for the editor's preview panel, which frames it from the admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


def format_permissions_policy(policy):
    """{"camera": [], "microphone": ["self"]} -> 'camera=(), microphone=(self)'."""
    return ", ".join(
        f"{feature}=({' '.join(allowlist)})" for feature, allowlist in sorted(policy.items())
    )


def permissions_policy(**features):
    """Allow features for one view: @permissions_policy(microphone=["self"])."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = view(*args, **kwargs)
            response._permissions_policy = {
                **getattr(response, "_permissions_policy", {}),
                **{name.replace("_", "-"): allow for name, allow in features.items()},
            }
            return response

        return wrapped

    return decorator


class PermissionsPolicyMiddleware:
    """Sets Permissions-Policy from settings.PERMISSIONS_POLICY: every listed feature denied
    unless a view allows it with @permissions_policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if PERMISSIONS_POLICY_HEADER not in response:
            policy = {
                **settings.PERMISSIONS_POLICY,
                **getattr(response, "_permissions_policy", {}),
            }
            if policy:
                response[PERMISSIONS_POLICY_HEADER] = format_permissions_policy(policy)
        return response


class ForwardedForMiddleware:
    """Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR becomes the visitor's address.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the n-th
    entry from the right is the one the outermost trusted proxy saw; entries further left come
    from the client and are not trusted. Rate limits (forms.antispam) and login throttling
    (django-axes) count per REMOTE_ADDR. With no trusted proxy (the default) nothing changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        if count > 0:
            forwarded = [
                address.strip()
                for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if address.strip()
            ]
            if len(forwarded) >= count:
                try:
                    address = ipaddress.ip_address(forwarded[-count])
                except ValueError:
                    pass
                else:
                    request.META["REMOTE_ADDR"] = str(address)
        return self.get_response(request)


def host_port(host: str) -> str:
    """The port part of a Host value ("" when it names none)."""
    if host.startswith("["):  # an IPv6 address: [::1]:8000
        _address, _bracket, rest = host.partition("]")
        return rest[1:] if rest.startswith(":") else ""
    return host.rpartition(":")[2] if ":" in host else ""


class ValidHostMiddleware:
    """Refuses, with the 400 page, a request whose Host header is not one of the site's
    (ALLOWED_HOSTS) or is malformed, before anything else looks at it: no page is built, cached
    or served for it, and no link is made from it. Django's own check lets any number of digits
    through as a port (127.0.0.1:99999); here a port must be 1-65535 in ASCII digits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()  # raises DisallowedHost for a foreign or malformed host
        port = host_port(host)
        if port and parse_int(port, minimum=1, maximum=65535) is None:
            raise DisallowedHost("Invalid HTTP_HOST header: the port is out of range.")
        return self.get_response(request)
