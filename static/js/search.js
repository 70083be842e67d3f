// Suggestions under the search field while typing. Without this script the form works as
// a plain GET form; the server renders the suggestions (zoeken/suggesties/), escaped.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var box = document.getElementById(form.getAttribute("data-suggest-target"));
  var url = form.getAttribute("data-suggest-url");
  var timer = null;
  var shown = input.value.trim();

  function update() {
    var q = input.value.trim();
    if (q === shown) return;
    shown = q;
    if (q.length < 2) {
      box.innerHTML = "";
      return;
    }
    fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (input.value.trim() === q) box.innerHTML = html; })
      .catch(function () { /* no suggestions; the form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 150);
  });
})();
