// The check-in page: after each code the field is emptied and focused again (for typing or a
// handheld scanner), and where the browser has BarcodeDetector, the camera reads QR codes.
// Without this file (or without JavaScript) the form posts and the page shows the result.
(() => {
  "use strict";
  const form = document.getElementById("check-in-form");
  if (!form) return;
  const input = form.querySelector("input[name=code]");
  const button = document.getElementById("check-in-scan");
  const video = document.getElementById("check-in-video");
  const status = document.getElementById("check-in-scan-status");

  let stream = null;
  let detector = null;
  let lastCode = "";
  let lastAt = 0;
  const REPEAT_MS = 4000; // the same code held in front of the camera is sent once

  form.addEventListener("htmx:afterRequest", () => {
    form.reset();
    if (!stream) input.focus();
  });

  async function scan() {
    if (!stream) return;
    try {
      const codes = await detector.detect(video);
      const value = codes.length ? codes[0].rawValue.trim() : "";
      const now = Date.now();
      if (value && (value !== lastCode || now - lastAt > REPEAT_MS)) {
        lastCode = value;
        lastAt = now;
        input.value = value;
        if (navigator.vibrate) navigator.vibrate(80);
        form.requestSubmit();
      }
    } catch (error) {
      // A frame that could not be read: try the next one.
    }
    window.setTimeout(scan, 250);
  }

  async function start() {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" },
      audio: false,
    });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    button.textContent = button.dataset.stopLabel;
    status.textContent = "";
    scan();
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    video.srcObject = null;
    button.textContent = button.dataset.startLabel;
    input.focus();
  }

  async function offerCamera() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices?.getUserMedia) return;
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes("qr_code")) return;
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    button.hidden = false;
    button.addEventListener("click", () => {
      if (stream) {
        stop();
        return;
      }
      start().catch(() => {
        stop();
        status.textContent = button.dataset.denied;
      });
    });
  }

  offerCamera().catch(() => {});
})();
