// Saves a checklist step as you tick, and keeps retrying on a flaky connection.
// Without JavaScript the form's own buttons save the step: nothing here is required.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-save-status]");
  var timer = null;
  var dirty = false;
  var saving = false;
  var retryDelay = 2000;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    if (saving) { timer = setTimeout(save, 500); return; }
    saving = true;
    dirty = false;
    say("Bezig met opslaan…");
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
