"""System checks: synthetic speech needs espeak-ng and sox (scripts/system-deps.sh installs
them)."""

from django.core import checks


def speech_programs(app_configs=None, **kwargs):
    from .speech import missing_programs

    missing = missing_programs()
    if not missing:
        return []
    return [
        checks.Warning(
            f"Synthetic speech is unavailable: {', '.join(missing)} not found.",
            hint=(
                "Install them (Debian: apt-get install espeak-ng sox libsox-fmt-mp3, or "
                "`make system-deps`). Pages stay as they are; only recorded audio is played."
            ),
            id="pages.W001",
        )
    ]


def register():
    checks.register(speech_programs, checks.Tags.compatibility)
