// The checklist on a phone, tolerant of a dropped connection (inspection_fill.html; no inline script, CSP).
// Each item's answer is sent as soon as it is given (a pass or n/a at once, a failure with its Save button),
// with the form's own fields to the answer URL, asking for JSON. Until the server confirms it, the answer is kept
// in localStorage under the inspection's key and sent again when the phone is back online (or on "Send now", or
// when the page is opened again); a banner counts the answers not sent yet. What is typed is kept as it is typed.
// Photos cannot go into localStorage: they are kept in memory until sent; after a reload the banner asks for them
// again. Without script, each card is a plain form that saves its item and comes back to it.
(function () {
  "use strict";
  var root = document.getElementById("checklist");
  if (!root || !window.fetch || !window.FormData) { return; }
  var KEY = "jingqi.inspection." + root.dataset.inspection + ".pending";
  var url = root.dataset.answerUrl;
  var banner = document.getElementById("offline-banner");
  var bannerText = banner ? banner.querySelector(".text") : null;
  var submitForm = document.getElementById("submit-form");
  var files = {};          // item pk → {photo: File, after_photo: File} chosen and not yet confirmed
  var sending = {};        // item pk → true while a request is out
  var lostPhotos = {};     // item pk → true: a failure re-sent after a reopen, its photo not chosen again

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function store(pending) {
    try {
      if (Object.keys(pending).length) { window.localStorage.setItem(KEY, JSON.stringify(pending)); }
      else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage full or refused: the answer is still in the page */ }
  }

  function formOf(item) { return root.querySelector('form.answer-form[data-item="' + item + '"]'); }

  function fieldsOf(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      out[el.name] = el.value;
    });
    return out;
  }

  function fill(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || el.type === "hidden") { return; }
      if (el.type === "radio") { el.checked = values[el.name] === el.value; return; }
      if (el.type === "checkbox") { el.checked = el.name in values; return; }
      if (el.name in values) { el.value = values[el.name]; }
    });
    showFailFields(form);
  }

  function setState(form, text, cls) {
    var state = form.querySelector(".save-state");
    if (state) { state.textContent = text; state.className = "save-state small " + (cls || "muted"); }
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".error.js"), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".field.invalid"), function (el) { el.classList.remove("invalid"); });
  }

  function showErrors(form, errors, message) {
    clearErrors(form);
    var shown = false;
    Object.keys(errors || {}).forEach(function (name) {
      var input = form.querySelector('[name$="-' + name + '"]');
      var box = input ? input.closest(".field") : null;
      if (!box) { return; }
      box.classList.add("invalid");
      var p = document.createElement("p");
      p.className = "error js";
      p.setAttribute("role", "alert");
      p.textContent = errors[name].join(" ");
      box.appendChild(p);
      shown = true;
    });
    if (!shown && message) {
      var p = document.createElement("p");
      p.className = "error js";
      p.setAttribute("role", "alert");
      p.textContent = message;
      form.insertBefore(p, form.querySelector(".card-foot"));
    }
  }

  function updateBanner() {
    if (!banner) { return; }
    var n = Object.keys(load()).length;
    var lost = Object.keys(lostPhotos).length > 0;
    banner.hidden = n === 0 && !lost;
    var text = n === 1 ? bannerText.dataset.one : n > 1 ? bannerText.dataset.many.replace("%(n)s", n) : "";
    if (lost) { text = (text ? text + " " : "") + bannerText.dataset.photo; }
    bannerText.textContent = text;
  }

  function resultOf(values) {
    var key = Object.keys(values).filter(function (k) { return /-result$/.test(k); })[0];
    return key ? values[key] : "";
  }

  function send(item) {
    var pending = load();
    var values = pending[item];
    var form = formOf(item);
    if (!values || !form || sending[item]) { return Promise.resolve(); }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.keys(values).forEach(function (name) { body.append(name, values[name]); });
    var chosen = files[item] || {};
    Object.keys(chosen).forEach(function (name) { body.append(name, chosen[name]); });
    sending[item] = true;
    setState(form, root.dataset.sending);
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (reply) {
        var now = load();
        if (reply.data.ok) {
          // Only what was sent is confirmed: a later change waits for its own answer.
          if (JSON.stringify(now[item]) === JSON.stringify(values)) { delete now[item]; delete files[item]; dropDraft(item, values); }
          if (Object.keys(chosen).length) { delete lostPhotos[item]; }  // the photo was chosen again and is saved
          store(now);
          clearErrors(form);
          setState(form, root.dataset.saved, "ok");
          var card = form.closest(".item-card");
          card.classList.add("answered");
          card.classList.remove("answer-pass", "answer-fail", "answer-na");
          card.classList.add("answer-" + reply.data.result);
          var count = document.getElementById("answered-count");
          if (count) { count.textContent = reply.data.answered; }
          var version = submitForm && submitForm.querySelector('[name$="version"]');
          if (version) { version.value = reply.data.version; }
        } else if (reply.status >= 400 && reply.status < 500) {
          // Refused (a failure without a note, a photo of the wrong kind): the answer stays typed in the card,
          // not queued again — the officer corrects it and saves.
          delete now[item];
          store(now);
          showErrors(form, reply.data.errors, reply.data.error);
          setState(form, root.dataset.failed, "error");
        } else {
          setState(form, root.dataset.queued, "warn");
        }
      })
      .catch(function () { setState(form, root.dataset.queued, "warn"); })
      .then(function () {
        sending[item] = false;
        updateBanner();
        // Changed again while this one was out: send the newer answer now, while the connection is up.
        var later = load()[item];
        if (later && JSON.stringify(later) !== JSON.stringify(values) && navigator.onLine !== false) { send(item); }
      });
  }

  function sendAll() {
    if (navigator.onLine === false) { updateBanner(); return; }
    Object.keys(load()).forEach(send);
  }

  function queue(form) {
    var item = form.dataset.item;
    var pending = load();
    pending[item] = fieldsOf(form);
    store(pending);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      if (input.files && input.files[0]) {
        files[item] = files[item] || {};
        files[item][input.name] = input.files[0];
      }
    });
    updateBanner();
    send(item);
  }

  function showFailFields(form) {
    var failed = resultOf(fieldsOf(form)) === "fail";
    Array.prototype.forEach.call(form.querySelectorAll(".field-severity, .field-fixed_on_site, .field-after_photo"),
      function (box) { box.hidden = !failed; });
  }

  // Drafts: what is typed but not yet saved survives a reload too.
  var DRAFTS = KEY.replace(/pending$/, "drafts");
  function saveDraft(form) {
    try {
      var drafts = JSON.parse(window.localStorage.getItem(DRAFTS)) || {};
      drafts[form.dataset.item] = fieldsOf(form);
      window.localStorage.setItem(DRAFTS, JSON.stringify(drafts));
    } catch (e) { /* ignore */ }
  }

  function dropDraft(item, values) {
    try {
      var drafts = JSON.parse(window.localStorage.getItem(DRAFTS)) || {};
      if (drafts[item] && JSON.stringify(drafts[item]) === JSON.stringify(values)) { delete drafts[item]; }
      if (Object.keys(drafts).length) { window.localStorage.setItem(DRAFTS, JSON.stringify(drafts)); }
      else { window.localStorage.removeItem(DRAFTS); }
    } catch (e) { /* ignore */ }
  }

  Array.prototype.forEach.call(root.querySelectorAll("form.answer-form"), function (form) {
    showFailFields(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      queue(form);
    });
    form.addEventListener("change", function (event) {
      showFailFields(form);
      saveDraft(form);
      // A pass or not-applicable is the whole answer: it goes at once. A failure waits for its note and Save.
      if (event.target.type === "radio" && event.target.value !== "fail") { queue(form); }
    });
    form.addEventListener("input", function () { saveDraft(form); });
  });

  // Back on the page: what was typed and what was not sent come back into the cards, and are sent again.
  try {
    var drafts = JSON.parse(window.localStorage.getItem(DRAFTS)) || {};
    Object.keys(drafts).forEach(function (item) { var form = formOf(item); if (form) { fill(form, drafts[item]); } });
  } catch (e) { /* ignore */ }
  var pending = load();
  Object.keys(pending).forEach(function (item) {
    var form = formOf(item);
    if (form) { fill(form, pending[item]); setState(form, root.dataset.queued, "warn"); }
  });
  if (Object.keys(pending).length && document.querySelector('form.answer-form input[type=file]')) {
    Object.keys(pending).forEach(function (item) { if (resultOf(pending[item]) === "fail") { lostPhotos[item] = true; } });
  }
  updateBanner();
  sendAll();

  window.addEventListener("online", sendAll);
  window.setInterval(sendAll, 30000);
  var now = document.getElementById("send-now");
  if (now) { now.addEventListener("click", function () { lostPhotos = {}; sendAll(); }); }

  // The submit waits until every answer is confirmed (it would be refused as incomplete otherwise).
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (Object.keys(load()).length) {
        event.preventDefault();
        updateBanner();
        if (banner) { banner.scrollIntoView({ behavior: "smooth", block: "center" }); }
        sendAll();
      } else {
        try { window.localStorage.removeItem(DRAFTS); } catch (e) { /* ignore */ }
      }
    });
  }
})();
