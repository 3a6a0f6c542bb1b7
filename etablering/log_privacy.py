"""No personal data in any log: one logging filter, on every handler of the app (settings LOGGING)
and of gunicorn (etablering/gunicorn.conf.py, logconfig_dict), error and access logs alike.

Before a record is written, its message (arguments filled in), its traceback and its stack are
rewritten without:

- query strings (search words, filters, and whatever a visitor or a scanner puts after ``?``),
- e-mail addresses (also URL-encoded, ``name%40example.org``),
- phone numbers in any format: +46 70-123 45 67, 0046…, 070-123 45 67, 08-123 456 78,
  (08) 123 45 67, 0701234567, in Western, Eastern Arabic (٠٧٠…) or Persian (۰۷۰…) digits,
- IP addresses (gunicorn names the client of a malformed request).

The traceback is formatted here and the exception itself dropped from the record, so that no
handler or formatter formats it again from the original values; an exception's text often
echoes the value that failed (a query parameter, a form field), so quoted values in the
exceptions' own lines are removed too, whatever they hold.
"""

import logging
import re

QUERY_REMOVED = "?[query removed]"
EMAIL_REMOVED = "[e-mail removed]"
PHONE_REMOVED = "[phone removed]"
ADDRESS_REMOVED = "[address removed]"

# From "?" to the end of the URL (white space or a quote).
_QUERY = re.compile(r"\?(?=[^\s\"'<>])[^\s\"'<>]+")
_EMAIL = re.compile(r"[\w.!#$%&*+'^`~-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# A run of digits (any script: \d is Unicode here) and the separators people write between them,
# starting as phone numbers start: +, 00, 0 or (0; or nine or more digits with nothing between.
_SEPARATORS = r"[ \t\-./()\u00a0\u2010-\u2015]"
_PHONE = re.compile(
    rf"(?<![\w+.])(?:\+\s?\d|\(?[0٠۰]){_SEPARATORS}*(?:\d{_SEPARATORS}*){{4,}}\d"
    r"|(?<![\w.])\d{9,}(?!\w|\.\d)"
)
_IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
_IPV6 = re.compile(
    r"(?<![\w:])[0-9a-f]{0,4}(?:::?[0-9a-f]{1,4}){2,7}::?(?![\w:])|"
    r"(?<![\w:])[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])",
    re.IGNORECASE,
)


# A quoted value in an exception's own line ("ValueError: invalid literal for int() with base
# 10: 'Amina'"): exceptions echo the input that failed, which may be anything a visitor wrote.
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
VALUE_REMOVED = "'[value removed]'"
_TRACEBACK_HEADINGS = ("Traceback", "During handling", "The above exception")


def _phone(match: re.Match) -> str:
    text = match.group(0)
    # decimal digits of any script (Eastern Arabic included), never ² or ①
    digits = sum(character.isdecimal() for character in text)
    return PHONE_REMOVED if 7 <= digits <= 15 else text


def _ipv6(match: re.Match) -> str:
    text = match.group(0)
    return ADDRESS_REMOVED if "::" in text or text.count(":") >= 5 else text


def remove_personal_data(text: str) -> str:
    text = _QUERY.sub(QUERY_REMOVED, text)
    text = _EMAIL.sub(EMAIL_REMOVED, text)
    text = _IPV4.sub(ADDRESS_REMOVED, text)
    text = _IPV6.sub(_ipv6, text)
    return _PHONE.sub(_phone, text)


def remove_personal_data_from_traceback(text: str) -> str:
    """As remove_personal_data(), and every quoted value in the exceptions' own lines (not in
    the lines of code, which are indented) removed too."""
    lines = [
        _QUOTED.sub(VALUE_REMOVED, line)
        if line and not line[0].isspace() and not line.startswith(_TRACEBACK_HEADINGS)
        else line
        for line in text.split("\n")
    ]
    return remove_personal_data("\n".join(lines))


class PersonalDataFilter(logging.Filter):
    """Rewrites every record it sees (see the module's docstring); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "personal_data_removed", False):
            return True  # a second handler of the same record
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = remove_personal_data(message), ()
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = remove_personal_data_from_traceback(record.exc_text)
        if record.stack_info:
            record.stack_info = remove_personal_data(record.stack_info)
        if hasattr(record, "request"):
            record.request = None  # Django's request logs: the request holds the query
        record.personal_data_removed = True
        return True
