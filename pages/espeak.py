"""espeak-ng 1.52 from PyPI's ``espeakng-loader``: one library and voice data for every voice.

Debian's espeak-ng is 1.51 and has no Tigrinya; ``espeakng-loader`` (pinned in
requirements/constraints.txt) ships libespeak-ng 1.52 with its data, Tigrinya included, and no
command-line program. This file is that program: ``synthesise_to_file`` drives the library through
ctypes and writes a mono 16-bit WAV file.

pages/speech.py runs this file as a child process (``python pages/espeak.py VOICE RATE TEXT WAV``)
rather than loading the library into the worker: the library keeps global state, is not
thread-safe and cannot be interrupted, so a child process gives a timeout that works and keeps a
crash away from the worker. It imports nothing from Django.
"""

import ctypes
import sys
import wave

AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_RATE = 1
POS_CHARACTER = 1
CHARS_UTF8 = 1
ENDPAUSE = 0x1000

_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class EspeakError(Exception):
    pass


def available() -> bool:
    try:
        import espeakng_loader  # noqa: F401
    except ImportError:
        return False
    return True


def synthesise_to_file(text: str, voice: str, rate: int, wav_path: str) -> int:
    """Read ``text`` with ``voice`` at ``rate`` words a minute into ``wav_path``; the number of
    samples written. ``EspeakError`` if the library, its data or the voice is missing."""
    import espeakng_loader

    library = ctypes.CDLL(espeakng_loader.get_library_path())
    data_parent = espeakng_loader.get_data_path().rsplit("/espeak-ng-data", 1)[0]
    library.espeak_Initialize.restype = ctypes.c_int
    sample_rate = library.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent.encode(), 0)
    if sample_rate <= 0:
        raise EspeakError("the espeak-ng library did not start (data missing?)")
    chunks: list[bytes] = []

    def collect(samples, count, _events):
        if count > 0:
            chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    callback = _CALLBACK(collect)  # kept referenced until synthesis ends
    library.espeak_SetSynthCallback(callback)
    if library.espeak_SetVoiceByName(voice.encode()) != 0:
        raise EspeakError(f"no espeak-ng voice {voice!r}")
    library.espeak_SetParameter(ESPEAK_RATE, int(rate), 0)
    encoded = text.encode("utf-8")
    result = library.espeak_Synth(
        ctypes.c_char_p(encoded),
        ctypes.c_size_t(len(encoded) + 1),
        0,
        POS_CHARACTER,
        0,
        CHARS_UTF8 | ENDPAUSE,
        None,
        None,
    )
    library.espeak_Synchronize()
    library.espeak_Terminate()
    if result != 0:
        raise EspeakError(f"espeak-ng could not read the text (error {result})")
    audio = b"".join(chunks)
    with wave.open(wav_path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(audio)
    return len(audio) // 2


def main(arguments: list[str]) -> int:
    if len(arguments) != 4:
        sys.stderr.write("usage: espeak.py VOICE RATE TEXT_FILE WAV_FILE\n")
        return 2
    voice, rate, text_path, wav_path = arguments
    try:
        with open(text_path, encoding="utf-8") as handle:
            text = handle.read()
        samples = synthesise_to_file(text, voice, int(rate), wav_path)
    except (EspeakError, ImportError, OSError, ValueError) as error:
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        return 1
    if samples == 0:
        sys.stderr.write("espeak-ng made no sound\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
