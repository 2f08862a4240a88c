/* The opportunity explorer and the public guide pages (templates/explorer/): the regions follow
   the chosen country without sending the form, and a search box filters a long occupation list.
   The pages work the same without this file (the server lists a country's regions once the form
   is sent). No inline script (CSP); DOM nodes and textContent, never innerHTML. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  /* <select data-regions-for="f-region"> (the country) fills <select id="f-region"
     data-regions='{"EC": [["EC-A", "Azuay"], ...]}'> with the country's regions. */
  function followCountry(country) {
    var regions = document.getElementById(country.dataset.regionsFor);
    if (!regions || !regions.dataset.regions) {
      return;
    }
    var byCountry;
    try {
      byCountry = JSON.parse(regions.dataset.regions);
    } catch (e) {
      return;
    }
    var help = country.form && country.form.querySelector("[data-regions-help]");
    if (help) {
      help.hidden = true;
    }
    function fill() {
      var chosen = regions.value;
      var blank = regions.options[0];
      while (regions.options.length > 1) {
        regions.remove(1);
      }
      (byCountry[country.value] || []).forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        option.selected = pair[0] === chosen;
        regions.appendChild(option);
      });
      if (blank && regions.selectedIndex < 0) {
        blank.selected = true;
      }
      regions.disabled = !country.value;
    }
    country.addEventListener("change", fill);
    fill();
  }

  /* <select data-searchable data-search-label="…">: a search box above it hides the options
     (and option groups) whose text lacks what was typed, accents and case aside. */
  function searchable(select, index) {
    var field = select.parentNode;
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "search";
    box.id = select.id + "-search-" + index;
    box.className = "list-search";
    box.setAttribute("autocomplete", "off");
    box.setAttribute("aria-controls", select.id);
    label.htmlFor = box.id;
    label.className = "list-search-label";
    label.textContent = select.dataset.searchLabel;
    field.insertBefore(label, select);
    field.insertBefore(box, select);
    var options = Array.prototype.slice.call(select.querySelectorAll("option"));
    var texts = options.map(function (option) {
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      return fold(option.textContent + " " + group);
    });
    box.addEventListener("input", function () {
      var wanted = fold(box.value);
      options.forEach(function (option, i) {
        option.hidden = Boolean(wanted) && option.value !== "" && !option.selected &&
          texts[i].indexOf(wanted) < 0;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    });
  }

  document.querySelectorAll("select[data-regions-for]").forEach(followCountry);
  document.querySelectorAll("select[data-searchable]").forEach(searchable);
})();
