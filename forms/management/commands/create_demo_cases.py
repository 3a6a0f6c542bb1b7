"""Fill the intake queue with fictional cases for a demo.

Everything is invented: names, messages, organisations, e-mail addresses at example.org and
phone numbers in 070-174 06 05..99 (+46701740605..699), the mobile range PTS keeps for
fiction. The command refuses to
run without ``--yes-this-is-a-demo`` and refuses to touch a database that already holds cases
it did not make. It is idempotent: every demo case has a fixed submission token, so a second run
adds nothing.
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from forms.models import Case, Channel, ContactPage, Gender, Status, Team, new_reference
from forms.validators import luhn_valid

DEMO_FLAG = "demo"
TOKEN_PREFIX = "demo-case-"  # noqa: S105 - a submission-token prefix, not a secret
DEFAULT_COUNT = 60
WEEKS = 10
PHONE_PREFIX = "+46701740"  # 070-174 06 05..99 is reserved by PTS for fiction
FIRST_PHONE = 605
MAX_COUNT = 699 - FIRST_PHONE + 1  # one fictional number each
TEAM_FOR_CHANNEL = {
    Channel.QUESTION: "Jobbtorg Kista",
    Channel.CALLBACK: "Jobbtorg Kista",
    Channel.EMPLOYER: "Arbetsgivarteamet",
    Channel.PARTNER: "Partnerkoordinator",
}
# How the demo's cases spread over the channels (60 cases: 20, 20, 12, 8).
CHANNEL_WEIGHTS = [
    (Channel.QUESTION, 10),
    (Channel.CALLBACK, 10),
    (Channel.EMPLOYER, 6),
    (Channel.PARTNER, 4),
]

# Invented people: given names and family names are combined at random.
GIVEN_NAMES = {
    "sv": ["Lena", "Johan", "Sara", "Mats", "Elin", "Per"],
    "ar": ["Nour", "Karim", "Rasha", "Samir", "Layla", "Omar"],
    "so": ["Hodan", "Abdi", "Sahra", "Liibaan", "Faadumo", "Cabdi"],
    "ti": ["Selam", "Yonas", "Helen", "Dawit", "Rahwa", "Filmon"],
    "prs": ["Mariam", "Farid", "Zahra", "Nasir", "Laila", "Jawad"],
    "fa": ["Shirin", "Reza", "Parisa", "Kaveh", "Niloufar", "Arash"],
    "uk": ["Olena", "Taras", "Iryna", "Mykola", "Oksana", "Andrii"],
    "en": ["Alice", "Tom", "Grace", "Daniel", "Hannah", "Peter"],
}
FAMILY_NAMES = {
    "sv": ["Exempelsson", "Lindqvist-Prov", "Testberg", "Fiktivén"],
    "ar": ["al-Exemplar", "Haddad-Prov", "Mansour-Test"],
    "so": ["Cali Exempel", "Warsame-Prov", "Nuur-Test"],
    "ti": ["Tesfay-Exempel", "Gebremedhin-Prov", "Haile-Test"],
    "prs": ["Exempelzada", "Karimi-Prov", "Sultani-Test"],
    "fa": ["Exempelpour", "Ahmadi-Prov", "Rahimi-Test"],
    "uk": ["Prykladenko", "Kovalenko-Prov", "Testchuk"],
    "en": ["Example", "Sample-Smith", "Demo-Jones"],
}

# Questions as people write them, in their own language and script.
QUESTIONS = {
    "sv": [
        "Hej! Jag har fått uppehållstillstånd och undrar hur jag anmäler mig till SFI. "
        "Kan jag börja redan nästa månad?",
        "Jag är undersköterska från mitt hemland. Hur får jag min utbildning bedömd i Sverige?",
        "Min praktik slutar snart. Vad händer sedan, och vem ska jag prata med?",
    ],
    "ar": [
        "مرحباً، وصلت إلى ستوكهولم قبل شهرين. كيف أسجل في دروس اللغة السويدية؟",
        "أنا مهندس كهرباء. هل يمكنكم مساعدتي في معادلة شهادتي؟",
        "هل يمكن أن يكون معي مترجم عندما أزور مكتبكم؟",
    ],
    "so": [
        "Salaan, waxaan rabaa inaan bilaabo SFI. Sidee ayaan isku diiwaangeliyaa?",
        "Waxaan ahay darawal. Ma i caawin kartaan inaan helo shaqo Stockholm?",
        "Goorma ayaa xafiiska Kista furan yahay?",
    ],
    "ti": [
        "ሰላም፡ ኣብ ስቶክሆልም ሓድሽ እየ። ትምህርቲ ቋንቋ ስዊድን ከመይ ክጅምር እኽእል?",
        "ኣብ ዓዲ ኣብ ህንጻ ሰሪሐ እየ። ስራሕ ንምርካብ ክትሕግዙኒ ትኽእሉ ዶ?",
    ],
    "prs": [
        "سلام، من تازه به استکهلم آمده‌ام. چطور می‌توانم در کورس زبان سویدنی ثبت نام کنم؟",
        "من در افغانستان معلم بودم. آیا می‌توانم در سویدن هم تدریس کنم؟",
    ],
    "fa": [
        "سلام، من پرستار هستم و می‌خواهم مدرکم در سوئد تأیید شود. از کجا شروع کنم؟",
        "آیا برای جلسه با مشاور می‌توانم مترجم داشته باشم؟",
    ],
    "uk": [
        "Добрий день! Я маю захист за директивою ЄС. Чи можу я відвідувати курси SFI?",
        "Я бухгалтерка з досвідом 10 років. Як знайти роботу за фахом у Стокгольмі?",
        "Коли починається наступна група з орієнтації на ринку праці?",
    ],
    "en": [
        "Hello, I have just moved to Stockholm with my family. Where do I start looking for work?",
        "I am a software tester. Is there a programme that helps me get an internship?",
        "Can I get help with my CV in English before my Swedish is good enough?",
    ],
}
EMPLOYERS = [
    ("Exempelbygg AB", "construction", "Vi behöver två snickare med erfarenhet av renovering."),
    (
        "Provomsorg i Kista AB",
        "care",
        "Vi söker undersköterskor, gärna med arabiska eller somaliska.",
    ),
    ("Testfastigheter Norr AB", "property", "Fastighetsskötare till våra hus i Husby och Akalla."),
    ("Fiktiva Städ & Service AB", "cleaning", "Lokalvårdare, deltid på morgnar."),
    ("Restaurang Exempelköket AB", "restaurant", "Kockar och diskare inför hösten."),
    ("Demolager Logistik AB", "transport", "Truckförare med B-körkort, skiftarbete."),
    ("Provsupport IT AB", "it", "Supporttekniker, engelska räcker i början."),
    ("Exempelhandeln Sverige AB", "retail", ""),
]
PARTNER_MESSAGES = {
    "en": [
        "We run a job-matching programme in our city and would like to meet a colleague who "
        "works with employers in Stockholm.",
        "Could you share how you organise language support during internships?",
    ],
    "sv": [
        "Hej! Vi skulle gärna träffa en kollega som arbetar med motivation hos arbetssökande.",
    ],
}
SPAM_MESSAGES = [
    "Best SEO services!!! Get your website on top of Google today, visit example.org now",
    "Congratulations, you have won a prize. Reply with your bank details to claim it.",
    "Cheap watches cheap watches cheap watches example.org",
]


def organisation_number(rng: random.Random) -> str:
    """A made-up Swedish organisation number (starting 55, like companies) with a valid check
    digit."""
    base = "55" + "".join(str(rng.randint(0, 9)) for _ in range(7))
    for check in "0123456789":
        if luhn_valid(base + check):
            return f"{base[:6]}-{base[6:]}{check}"
    raise AssertionError("unreachable: one check digit always fits")


class Command(BaseCommand):
    help = (
        "Create fictional intake cases for a demo (never on real data). Refuses without "
        "--yes-this-is-a-demo and when the database holds cases this command did not make."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes-this-is-a-demo",
            action="store_true",
            dest="confirmed",
            help="Confirm that this database is a demo: the cases are invented.",
        )
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="How many cases.")
        parser.add_argument("--seed", type=int, default=1740, help="Random seed (same data).")

    def handle(self, *args, confirmed, count, seed, **options):
        if not confirmed:
            raise CommandError(
                "This creates fictional cases. Run it only on a demo database, with "
                "--yes-this-is-a-demo."
            )
        if not 1 <= count <= MAX_COUNT:
            raise CommandError(
                f"--count must be from 1 to {MAX_COUNT} (one fictional phone number each)."
            )
        demo = Case.objects.filter(
            submission_token__startswith=TOKEN_PREFIX, **{f"details__{DEMO_FLAG}": True}
        )
        real = Case.objects.exclude(pk__in=demo.values("pk")).count()
        if real:
            raise CommandError(
                f"The database holds {real} case(s) not made by this command: refusing to mix "
                "demo cases with real ones."
            )
        teams = {
            team.name: team for team in Team.objects.filter(name__in=TEAM_FOR_CHANNEL.values())
        }
        missing = sorted(set(TEAM_FOR_CHANNEL.values()) - set(teams))
        if missing:
            raise CommandError(
                f"Demo team(s) missing: {', '.join(missing)}. "
                "Run manage.py load_demo_content first."
            )
        existing = set(
            Case.objects.filter(submission_token__startswith=TOKEN_PREFIX).values_list(
                "submission_token", flat=True
            )
        )
        rng = random.Random(seed)  # noqa: S311 - invented demo data, not security
        now = timezone.now()
        pages = {(page.channel, page.locale.language_code): page for page in self._pages()}
        created = 0
        with transaction.atomic():
            for index in range(count):
                # Draw every case's data even when it exists, so the others stay the same.
                fields = self._case_fields(index, rng, now, teams, pages)
                if fields["submission_token"] in existing:
                    continue
                Case.objects.create(reference=self._free_reference(), **fields)
                created += 1
        self.stdout.write(f"Created {created} fictional case(s); {len(existing)} existed already.")

    @staticmethod
    def _pages():
        return ContactPage.objects.select_related("locale").order_by("pk")

    @staticmethod
    def _free_reference() -> str:
        while True:
            reference = new_reference()
            if not Case.objects.filter(reference=reference).exists():
                return reference

    def _case_fields(self, index, rng, now, teams, pages) -> dict:
        channel = rng.choices(
            [channel for channel, _w in CHANNEL_WEIGHTS],
            weights=[weight for _c, weight in CHANNEL_WEIGHTS],
        )[0]
        if index < len(CHANNEL_WEIGHTS):  # every channel at least once, whatever the count
            channel = CHANNEL_WEIGHTS[index][0]
        spam = index % 17 == 16  # a few (3 of 60) look like spam
        if channel == Channel.EMPLOYER:
            language = rng.choice(["sv", "sv", "sv", "en"])
        elif channel == Channel.PARTNER:
            language = rng.choice(["en", "en", "sv"])
        else:
            language = rng.choice(list(QUESTIONS))
        given = rng.choice(GIVEN_NAMES[language])
        family = rng.choice(FAMILY_NAMES[language])
        name = f"{given} {family}"
        email = f"{given.lower()}.{index:02d}@example.org"
        phone = f"{PHONE_PREFIX}{FIRST_PHONE + index:03d}"
        details = {DEMO_FLAG: True}
        case = {"name": "", "phone": "", "email": "", "message": ""}

        if channel == Channel.QUESTION:
            contact_by = rng.choice(["phone", "email"])
            details["contact_by"] = contact_by
            case.update(
                name=name if rng.random() < 0.7 else "",
                phone=phone if contact_by == "phone" else "",
                email=email if contact_by == "email" else "",
                message=rng.choice(QUESTIONS[language]),
            )
        elif channel == Channel.CALLBACK:
            details["interpreter"] = (
                "no" if language in {"sv", "en"} else rng.choice(["yes", "yes", "no"])
            )
            details["time_of_day"] = rng.choice(["morning", "midday", "afternoon", "any"])
            case.update(name=name if rng.random() < 0.5 else "", phone=phone)
        elif channel == Channel.EMPLOYER:
            organisation, sector, message = rng.choice(EMPLOYERS)
            details.update(
                organisation=organisation,
                organisation_number=organisation_number(rng),
                sector=sector,
                people=rng.choice([1, 2, 2, 3, 5, 8]),
                when=rng.choice(["now", "3_months", "6_months", "later"]),
            )
            slug = organisation.split()[0].lower().replace("&", "")
            case.update(
                name=name,
                phone=phone if rng.random() < 0.6 else "",
                email=f"{given.lower()}.{index:02d}@{slug}.example.org",
                message=message,
            )
        else:
            details.update(
                city=rng.choice(["copenhagen", "trondheim", "warsaw", "birmingham"]),
                organisation=rng.choice(
                    ["Example City Jobcentre", "Sample Municipality", "Demo Integration Office"]
                ),
                topic=rng.choice(["meet_colleague", "employers", "language", "motivation"]),
            )
            case.update(name=name, email=email, message=rng.choice(PARTNER_MESSAGES[language]))
        if spam:
            case["message"] = rng.choice(SPAM_MESSAGES)
            case["name"] = ""

        # Spread over the last ten weeks, in office-ish hours; spam only in the last 30 days
        # (older spam would have been purged already).
        max_days = 29 if spam else WEEKS * 7 - 1
        created_at = (now - timedelta(days=rng.randint(0, max_days))).replace(
            hour=rng.randint(7, 20),
            minute=rng.randint(0, 59),
            second=rng.randint(0, 59),
            microsecond=0,
        )
        if created_at > now:
            created_at -= timedelta(days=1)
        status, first_response_at, closed_at = self._progress(rng, now, created_at, spam, index)
        gender = rng.choice(["", "", Gender.WOMAN, Gender.MAN, Gender.WOMAN, Gender.NOT_SAID])
        page = pages.get((channel, language)) or pages.get((channel, "sv"))
        sent_at = created_at + timedelta(minutes=1)
        return {
            "submission_token": f"{TOKEN_PREFIX}{index:03d}",
            "channel": channel,
            "status": status,
            "suspected_spam": spam,
            "spam_reasons": (
                "honeypot filled"
                if index % 2
                else f"sent {rng.uniform(0.4, 2.5):.1f} s after the form was shown"
            )
            if spam
            else "",
            "language": language,
            "team": teams[TEAM_FOR_CHANNEL[channel]],
            "page": page,
            "gender": "" if spam else gender,
            "details": details,
            "created_at": created_at,
            "first_response_at": first_response_at,
            "closed_at": closed_at,
            "notification_sent_at": sent_at,  # nothing is mailed for a demo case
            "receipt_sent_at": sent_at if case["email"] and not spam else None,
            **case,
        }

    @staticmethod
    def _progress(rng, now, created_at, spam, index):
        """Status, first response and closing time, as a case of this age would have them."""
        age_days = (now - created_at).days
        if spam:
            if index % 2:  # still waiting for someone to look at it
                return Status.NEW, None, None
            handled = min(now, created_at + timedelta(hours=rng.randint(2, 30)))
            return Status.SPAM, handled, handled
        if age_days < 2:
            options = [Status.NEW, Status.NEW, Status.ASSIGNED]
        elif age_days < 14:
            options = [
                Status.NEW,
                Status.ASSIGNED,
                Status.IN_PROGRESS,
                Status.IN_PROGRESS,
                Status.CLOSED,
            ]
        else:
            options = [Status.IN_PROGRESS, Status.CLOSED, Status.CLOSED, Status.CLOSED]
        status = rng.choice(options)
        if status == Status.NEW:
            return status, None, None
        first_response = min(now, created_at + timedelta(hours=rng.randint(1, 50)))
        if status != Status.CLOSED:
            return status, first_response, None
        closed = min(
            now, first_response + timedelta(days=rng.randint(0, 12), hours=rng.randint(1, 6))
        )
        return status, first_response, closed
