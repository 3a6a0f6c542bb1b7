"""System checks: synthetic speech needs espeakng-loader (a pinned Python dependency) and ffmpeg
(scripts/system-deps.sh installs it)."""

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
                "Install them (`make install` for espeakng-loader; Debian: apt-get install "
                "ffmpeg, or `make system-deps`). Pages stay as they are; only recorded audio "
                "is played."
            ),
            id="pages.W001",
        )
    ]


def register():
    checks.register(speech_programs, checks.Tags.compatibility)
