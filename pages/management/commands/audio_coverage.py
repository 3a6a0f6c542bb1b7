from django.core.management.base import BaseCommand

from pages import speech


class Command(BaseCommand):
    help = (
        "Audio coverage per language: of the texts a non-reader needs to hear (the speech "
        "registry: live pages at each level, pictograms, glossary terms, ...), how many have a "
        "playable clip, recorded by a person or synthetic."
    )

    def handle(self, *args, **options):
        table = speech.coverage()
        header = f"{'lang':<5}{'items':>7}{'recorded':>10}{'synthetic':>11}{'none':>7}{'heard':>8}"
        self.stdout.write(header)
        totals = {"items": 0, "recorded": 0, "synthetic": 0, "none": 0}
        for code, row in table.items():
            for key in totals:
                totals[key] += row[key]
            self.stdout.write(self._line(code, row))
        self.stdout.write(self._line("all", totals))

    @staticmethod
    def _line(code, row):
        heard = row["recorded"] + row["synthetic"]
        share = f"{100 * heard / row['items']:.0f} %" if row["items"] else "-"
        return (
            f"{code:<5}{row['items']:>7}{row['recorded']:>10}{row['synthetic']:>11}"
            f"{row['none']:>7}{share:>8}"
        )
