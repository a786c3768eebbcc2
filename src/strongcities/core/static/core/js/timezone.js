// Remember the browser's time zone in the `tz` cookie, so event times can also be shown in the
// reader's time zone (the server uses it when the account has no time zone of its own).
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) {
    return;
  }
  var current = document.cookie.split("; ").find(function (pair) {
    return pair.indexOf("tz=") === 0;
  });
  if (current === "tz=" + zone) {
    return;
  }
  var secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "tz=" + zone + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
  var marker = document.querySelector("[data-reader-time-zone-unknown]");
  if (marker && !current) {
    marker.hidden = false;
  }
})();
