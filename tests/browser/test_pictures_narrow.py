"""The pictures mode's language tiles, with their audio controls, fit a 320 px screen
(issue 11 item 7): no sideways scrolling, every control inside its tile."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# A tile whose language name has a clip carries an <audio controls>; where the test site has
# made no clips yet, the same markup is added so that the layout is measured with controls.
ADD_CONTROLS = """() => {
  document.querySelectorAll(".voice-languages__item").forEach((item) => {
    if (!item.querySelector("audio")) {
      const audio = document.createElement("audio");
      audio.className = "clip"; audio.controls = true; audio.preload = "none";
      item.appendChild(audio);
    }
  });
}"""
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const tiles = [...document.querySelectorAll(".voice-languages__item")].map((item) => {
    const tile = item.getBoundingClientRect();
    const audio = item.querySelector("audio").getBoundingClientRect();
    return {tile: [tile.left, tile.right], audio: [audio.left, audio.right]};
  });
  return {width, scrollWidth: document.documentElement.scrollWidth, tiles};
}"""


@pytest.mark.parametrize("language", ["so", "ar", "ti"])
def test_language_tiles_with_audio_fit_320_px(browser, site_url, language, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        assert page.goto(f"{site_url}/{language}/bilder/").ok
        page.evaluate(ADD_CONTROLS)
        measured = page.evaluate(MEASURE)
        shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
        page.screenshot(path=str(shots / f"pictures-languages-320-{language}.png"), full_page=True)
        assert measured["tiles"], "no language tiles"
        assert measured["scrollWidth"] <= measured["width"], measured
        for tile in measured["tiles"]:
            left, right = tile["tile"]
            assert left >= 0 and right <= measured["width"] + 0.5, tile
            assert tile["audio"][0] >= left - 0.5 and tile["audio"][1] <= right + 0.5, tile
    finally:
        context.close()
