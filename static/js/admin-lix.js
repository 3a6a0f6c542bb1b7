/* Live LIX in the page editor: updates each reading level's readability panel as the editor
   types. Progressive enhancement: without it the panel shows the score of the saved draft.
   LIX = words / sentences + 100 × long words / words; a long word has more than six letters. */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
  var SENTENCE_END = /[.!?:;]+(?=\s|$)|\n+/u;

  function measure(text) {
    var words = 0, longWords = 0, sentences = 0;
    text.split(SENTENCE_END).forEach(function (sentence) {
      var found = sentence.match(WORD);
      if (!found) { return; }
      sentences += 1;
      words += found.length;
      found.forEach(function (word) {
        if ((word.match(/\p{L}/gu) || []).length > 6) { longWords += 1; }
      });
    });
    return words ? words / sentences + (100 * longWords) / words : 0;
  }

  function levelText(panel) {
    var section = panel.closest("[role=tabpanel]") || document;
    var parts = [];
    section.querySelectorAll("textarea, input[type=text]").forEach(function (field) {
      if (!/title|slug|seo/.test(field.name || "")) { parts.push(field.value); }
    });
    section.querySelectorAll("[contenteditable=true]").forEach(function (editor) {
      editor.querySelectorAll("[data-block], p, li, h2, h3").forEach(function (block) {
        parts.push(block.textContent);
      });
    });
    return parts.join("\n");
  }

  function update(panel) {
    var limit = Number(panel.dataset.lixLimit);
    var score = Math.round(measure(levelText(panel)) * 10) / 10;
    var live = panel.querySelector("[data-lix-live]");
    if (!live) {
      live = document.createElement("p");
      live.setAttribute("data-lix-live", "");
      live.setAttribute("aria-live", "polite");
      panel.appendChild(live);
    }
    var template = panel.dataset.lixLiveTemplate || "LIX: {lix}";
    live.textContent = template.replace("{lix}", String(score));
    panel.classList.toggle("help-warning", score > limit);
    panel.classList.toggle("help-info", score <= limit);
  }

  var timer;
  document.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      document.querySelectorAll("[data-lix-panel]").forEach(update);
    }, 500);
  });
})();
