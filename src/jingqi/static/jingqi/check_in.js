// Check-in and finding forms on a phone (forms marked data-geolocate): the phone's position fills the hidden
// latitude, longitude and accuracy fields. Without script, without a position or when the person refuses, the
// form still works and the check-in is recorded with no position. A press on submit while the phone is still
// locating waits for it a few seconds at most.
(function () {
  "use strict";
  var WAIT_MS = 8000;
  document.querySelectorAll("form[data-geolocate]").forEach(function (form) {
    var status = form.querySelector("[data-position-status]");
    var pending = false;
    var waiting = false;

    function say(key, metres) {
      if (status && status.dataset[key]) { status.textContent = status.dataset[key].replace("%(m)s", metres); }
    }
    function set(name, value) {
      var input = form.querySelector("input[name=" + name + "]");
      if (input) { input.value = value; }
    }
    function done() {
      pending = false;
      if (waiting) { waiting = false; form.submit(); }
    }

    if (!("geolocation" in navigator)) { say("failed"); return; }
    pending = true;
    say("locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      var c = position.coords;
      set("latitude", c.latitude.toFixed(6));
      set("longitude", c.longitude.toFixed(6));
      set("accuracy", Math.round(c.accuracy));
      say("found", Math.round(c.accuracy));
      done();
    }, function () {
      say("failed");
      done();
    }, { enableHighAccuracy: true, timeout: WAIT_MS, maximumAge: 30000 });

    form.addEventListener("submit", function (event) {
      if (pending && !waiting) {
        event.preventDefault();
        waiting = true;
        window.setTimeout(function () { if (waiting) { waiting = false; form.submit(); } }, WAIT_MS);
      }
    });
  });
})();
