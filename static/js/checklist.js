// The self-assessment's small helpers. Without JavaScript every page works: the forms' own
// buttons save, the links can be selected and copied by hand, print is the browser's menu.
(function () {
  "use strict";

  // Buttons that only work with JavaScript are hidden in the HTML and shown here.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = "Gekopieerd."; }
      }, function () {
        field.select();
        if (status) { status.textContent = "Kopiëren lukte niet: de link is geselecteerd, kopieer hem zelf."; }
      });
    });
  });

  document.querySelectorAll("[data-share]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-share"));
    if (!field || !navigator.share) { return; }  // a phone's share sheet, where there is one
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.getAttribute("data-share-title"), url: field.value })
        .catch(function () { /* closed by the person: nothing to do */ });
    });
  });

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var statuses = document.querySelectorAll("[data-save-status]");
  var loaded = form.querySelector("[data-loaded]");
  var progress = document.querySelector("[data-steps-done]");
  var timer = null;
  var dirty = false;
  var saving = false;
  var retryDelay = 2000;

  function say(text) {
    statuses.forEach(function (status) { status.textContent = text; });
  }

  // Each row's ticks as the server encodes them (checked + 2 × ontwikkelpunt); data-index is
  // the row's place in the form's "loaded" field.
  function rows() { return form.querySelectorAll("li[data-item]"); }
  function stateOf(row) {
    var boxes = row.querySelectorAll("input[type=checkbox]");
    // A role profile's rows have one checkbox: no ontwikkelpunt.
    return (boxes[0].checked ? 1 : 0) + (boxes[1] && boxes[1].checked ? 2 : 0);
  }

  function save() {
    if (saving) { timer = setTimeout(save, 500); return; }
    saving = true;
    dirty = false;
    say("Bezig met opslaan…");
    var sent = {};
    rows().forEach(function (row) { sent[row.getAttribute("data-index")] = stateOf(row); });
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      referrerPolicy: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      saving = false;
      if (result.ok && result.data.saved) {
        retryDelay = 2000;
        // What is stored now, including what another tab saved: shown where this tab did not
        // change anything since, and the base of the next save.
        var stored = result.data.loaded || "";
        rows().forEach(function (row) {
          var i = row.getAttribute("data-index");
          var code = parseInt(stored.charAt(parseInt(i, 10)), 10);
          if (isNaN(code) || stateOf(row) !== sent[i]) { return; }
          var boxes = row.querySelectorAll("input[type=checkbox]");
          boxes[0].checked = (code & 1) === 1;
          if (boxes[1]) { boxes[1].checked = (code & 2) === 2; }
        });
        if (loaded && stored.length === loaded.value.length) { loaded.value = stored; }
        if (progress && result.data.steps_done !== undefined) { progress.value = result.data.steps_done; }
        say(dirty ? "Wijzigingen nog niet opgeslagen…" : "Opgeslagen om " + result.data.saved_at + ".");
      } else {
        say((result.data.errors || ["Opslaan is niet gelukt."]).join(" ") + " Gebruik de knop Opslaan.");
      }
    }).catch(function () {
      // Offline or a server hiccup: keep the ticks and try again, a bit later each time.
      saving = false;
      dirty = true;
      say("Geen verbinding: je wijzigingen worden opnieuw verstuurd zodra het kan.");
      timer = setTimeout(save, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  form.addEventListener("change", function () {
    dirty = true;
    say("Wijzigingen nog niet opgeslagen…");
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
  window.addEventListener("online", function () { if (dirty) { save(); } });
  window.addEventListener("beforeunload", function (event) {
    if (dirty || saving) { event.preventDefault(); event.returnValue = ""; }
  });
  form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
})();
