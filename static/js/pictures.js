/* Progressive enhancement for pictures and sound (everything works without it):
   - a link with data-voice plays its clip (the <audio> with that id) when it gets focus;
     a language link (data-tap-to-hear) pressed by finger or mouse first says its name, a second
     press follows it;
   - a glossary link becomes a disclosure button that shows the explanation in place. */
(function () {
  "use strict";
  var playing = null;
  function play(link) {
    var clip = document.getElementById(link.getAttribute("data-voice"));
    if (!clip || typeof clip.play !== "function") { return false; }
    if (playing && playing !== clip) { playing.pause(); }
    playing = clip;
    try { clip.currentTime = 0; } catch (e) { /* not loaded yet */ }
    var started = clip.play();
    if (started && started.catch) { started.catch(function () {}); }
    return true;
  }
  document.querySelectorAll("a[data-voice]").forEach(function (link) {
    link.addEventListener("focus", function () { play(link); });
    if (link.hasAttribute("data-tap-to-hear")) {
      link.addEventListener("click", function (event) {
        if (event.detail === 0) { return; } /* keyboard: focus already said the name */
        if (link.getAttribute("data-heard") !== "1" && play(link)) {
          event.preventDefault();
          link.setAttribute("data-heard", "1");
        }
      });
      link.addEventListener("blur", function () { link.removeAttribute("data-heard"); });
    }
  });
  document.querySelectorAll("a.glossary-link[data-note]").forEach(function (link) {
    var note = document.getElementById(link.getAttribute("data-note"));
    if (!note) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "glossary-link";
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", note.id);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      note.hidden = open;
    });
    link.parentNode.replaceChild(button, link);
  });
}());
