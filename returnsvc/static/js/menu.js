/* The header's menu (templates/base.html), an enhancement: without this file the "Menu" label
   toggles a checkbox and CSS shows the menu. Here the checkbox and its label become one real
   button with aria-expanded; Escape closes the menu, and an open menu group (<details>, such
   as "Administration") closes on Escape, on a click elsewhere and when another opens. */
(function () {
  "use strict";

  var header = document.querySelector(".site-header");
  if (!header) {
    return;
  }

  var checkbox = header.querySelector(".menu-toggle");
  var label = header.querySelector("label.menu-button");
  var menu = document.getElementById("site-menu");
  var button = null;

  function setOpen(open) {
    header.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  if (checkbox && label && menu) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button";
    button.setAttribute("aria-controls", menu.id);
    while (label.firstChild) {
      button.appendChild(label.firstChild);
    }
    label.replaceWith(button);
    var wasOpen = checkbox.checked; // a page restored from the history keeps its state
    checkbox.remove();
    setOpen(wasOpen);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
  }

  var groups = Array.prototype.slice.call(header.querySelectorAll(".nav-group details"));

  function closeGroups(except) {
    groups.forEach(function (group) {
      if (group !== except) {
        group.open = false;
      }
    });
  }

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) {
        closeGroups(group);
      }
    });
  });

  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) {
        group.open = false;
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var openGroup = groups.filter(function (group) { return group.open; })[0];
    if (openGroup) {
      openGroup.open = false;
      openGroup.querySelector("summary").focus();
    } else if (button && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
