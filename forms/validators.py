"""Normalising and checking what people type: phone numbers and Swedish organisation numbers."""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NOT_DIGIT = re.compile(r"[^0-9]")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script (Unicode category Nd: Eastern Arabic
    ٠-٩, Persian ۰-۹, fullwidth ０-９, Devanagari …) as its ASCII digit, and fullwidth signs
    (＋, （, ）, －) as their ASCII forms. Other characters are kept as they are; superscripts and
    other digit-like signs that are not decimal digits (², ①) stay and are refused later."""
    out = []
    for char in text or "":
        if unicodedata.category(char) == "Nd":
            out.append(str(unicodedata.decimal(char)))
        elif "\uff01" <= char <= "\uff5e":  # fullwidth ASCII forms
            out.append(chr(ord(char) - 0xFEE0))
        else:
            out.append(char)
    return "".join(out)


def normalise_phone(raw: str) -> str:
    """A phone number as E.164 (+46701234567), read as Swedish unless it starts with + or 00.

    Accepts the ways people write Swedish numbers: 070-123 45 67, 08-123 456 78, (08) 12 34 56,
    08.123.456.78, +46 70 123 45 67, +46 (0)70 123 45 67, 0046 70 123 45 67, in any script's
    digits (٠٧٠-١٢٣ ٤٥ ٦٧, ۰۷۰ ۱۲۳ ۴۵ ۶۷, fullwidth). 46701234567 is read as Swedish national and
    refused. Raises ValidationError with a message for the visitor when it is not a possible
    number; its code is the error's stable name (``invalid``, ``too_long``).
    """
    text = ascii_digits(raw).strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if len(_NOT_DIGIT.sub("", text)) > 17 or len(text) > 40:
        raise ValidationError(_("Write a phone number with at most 15 digits."), code="too_long")
    try:
        number = phonenumbers.parse(text, "SE")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Write a phone number, for example 070-123 45 67."), code="invalid"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "This is not a phone number we can call. Check the number, for example 070-123 45 67."  # noqa: E501
            ),
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(raw: str) -> str:
    """A Swedish organisation number as NNNNNN-NNNN, checked with its check digit (Luhn).

    Accepts 10 digits with or without a hyphen, and the 12-digit form with the prefix 16.
    """
    digits = _NOT_DIGIT.sub("", ascii_digits(raw))
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10:
        raise ValidationError(
            _("An organisation number has 10 digits, for example 556123-4567."), code="length"
        )
    if not luhn_valid(digits):
        raise ValidationError(
            _("The organisation number is not right: check the digits, for example 556123-4567."),
            code="check_digit",
        )
    return f"{digits[:6]}-{digits[6:]}"
