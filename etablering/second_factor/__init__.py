"""A second factor for the Wagtail admin: TOTP codes from an authenticator app (django-otp), with
single-use recovery codes.

Who needs one is decided in one place (policy.py); one middleware (middleware.py) holds every
request to it; the pages to set one up, to enter a code and to manage or reset it are views.py.
README: *Second factor*; SECURITY.md: *Logging in*.
"""
