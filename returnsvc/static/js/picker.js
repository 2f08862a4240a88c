/* Occupation and skill pickers (templates/taxonomy/_picker.html): as the user types, ask the
   JSON endpoint and refresh the radio buttons, so the "Search" round trip is not needed. The
   page works the same without this file. No inline script (CSP); DOM nodes, never innerHTML. */
(function () {
  "use strict";

  var DELAY_MS = 250;
  var MIN_LENGTH = 1;

  function format(template, value) {
    return template.replace("%s", value);
  }

  function radio(picker, hit, index) {
    var name = picker.dataset.pickerName;
    var row = document.createElement("div");
    row.className = "checkbox-row";
    var input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.id = name + "-js-" + index;
    input.value = hit.kind + ":" + hit.key;
    var label = document.createElement("label");
    label.htmlFor = input.id;
    var text = document.createElement("span");
    text.textContent = hit.label;
    if (hit.label_locale && hit.label_locale !== document.documentElement.lang) {
      text.lang = hit.label_locale;
    }
    label.appendChild(text);
    if (text.lang) {
      var badge = document.createElement("span");
      badge.className = "badge badge-muted";
      badge.textContent = picker.dataset.pickerUntranslated;
      label.appendChild(document.createTextNode(" "));
      label.appendChild(badge);
    }
    var code = hit.kind === "isco" ? hit.key : hit.isco_code;
    var extra = code ? "(ISCO " + code + ")" : "";
    if (hit.matched) {
      extra += (extra ? " " : "") + "– " + format(picker.dataset.pickerMatched, hit.matched);
    }
    if (extra) {
      var muted = document.createElement("span");
      muted.className = "muted";
      muted.textContent = extra;
      label.appendChild(document.createTextNode(" "));
      label.appendChild(muted);
    }
    row.appendChild(input);
    row.appendChild(label);
    return row;
  }

  function show(picker, hits) {
    var results = picker.querySelector("[data-picker-results]");
    var status = picker.querySelector("[data-picker-status]");
    // Keep the chosen radio (it may not be among the new hits), replace the rest.
    var checked = results.querySelector("input[type=radio]:checked");
    var keep = checked ? checked.closest(".checkbox-row") : null;
    Array.prototype.slice.call(results.children).forEach(function (child) {
      if (child !== keep) {
        results.removeChild(child);
      }
    });
    hits.forEach(function (hit, index) {
      if (!checked || checked.value !== hit.kind + ":" + hit.key) {
        results.appendChild(radio(picker, hit, index));
      }
    });
    // One and many are different words in both languages ("1 resultado", "3 resultados").
    var counted = hits.length === 1 ? picker.dataset.pickerCountOne : picker.dataset.pickerCount;
    status.textContent = hits.length ? format(counted, hits.length) : picker.dataset.pickerNone;
  }

  function enhance(picker) {
    if (picker.dataset.pickerReady) {
      return;
    }
    picker.dataset.pickerReady = "1";
    var box = picker.querySelector("[data-picker-query]");
    var timer = null;
    var latest = 0;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = box.value.trim();
      if (query.length < MIN_LENGTH) {
        return;
      }
      timer = window.setTimeout(function () {
        var ticket = ++latest;
        var url = picker.dataset.pickerUrl + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (body) {
            if (body && ticket === latest) {  // answers may arrive out of order
              show(picker, body.hits);
            }
          })
          .catch(function () {
            /* The Search button still works: nothing to do. */
          });
      }, DELAY_MS);
    });
    // Enter in the box searches through the form's own Search button, not the form's default.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var button = picker.querySelector("button[type=submit]");
        if (button) {
          button.click();
        }
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
