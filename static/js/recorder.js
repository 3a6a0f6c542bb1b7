/* The recording workspace's recorder: record in the browser, listen back, record again, then
   send the recording with the page's ordinary form (it fills the form's file field). Without
   JavaScript or a microphone the file field alone does the job. */
(function () {
  "use strict";

  function extensionFor(type) {
    if (type.indexOf("ogg") !== -1) return "ogg";
    if (type.indexOf("mp4") !== -1) return "m4a";
    return "webm";
  }

  function setUp(box) {
    var form = box.closest("form");
    var input = form && form.querySelector("[data-recorder-file]");
    var start = box.querySelector("[data-recorder-start]");
    var stop = box.querySelector("[data-recorder-stop]");
    var status = box.querySelector("[data-recorder-status]");
    var preview = box.querySelector("[data-recorder-preview]");
    if (!input || !window.MediaRecorder || !navigator.mediaDevices ||
        !navigator.mediaDevices.getUserMedia || typeof DataTransfer === "undefined") {
      return; /* the file field is all there is */
    }
    var recorder = null;
    var chunks = [];
    var previewUrl = null;
    box.hidden = false;

    function fail() {
      status.textContent = box.dataset.failedText;
      start.hidden = false;
      stop.hidden = true;
    }

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) chunks.push(event.data);
        });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          var type = recorder.mimeType || "audio/webm";
          var blob = new Blob(chunks, { type: type });
          if (!blob.size) { fail(); return; }
          var file = new File([blob], "recording." + extensionFor(type), { type: type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          if (previewUrl) URL.revokeObjectURL(previewUrl);
          previewUrl = URL.createObjectURL(blob);
          preview.src = previewUrl;
          preview.hidden = false;
          status.textContent = box.dataset.recordedText;
          start.textContent = box.dataset.againText;
          start.hidden = false;
          stop.hidden = true;
          start.focus();
        });
        recorder.start();
        status.textContent = box.dataset.recordingText;
        start.hidden = true;
        stop.hidden = false;
        stop.focus();
      }).catch(fail);
    });

    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    });
  }

  document.querySelectorAll("[data-recorder]").forEach(setUp);
})();
