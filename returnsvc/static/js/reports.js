/* The dashboard's tables (templates/reports/), an enhancement: a table wider than the screen
   scrolls inside its frame (.table-wrap); such a frame becomes a region named by the table's
   caption (or the figure's heading) that takes the keyboard focus, so that the arrow keys scroll
   it (Safari does not focus a scrolling box by itself). Frames that fit are left alone: no tab
   stop for nothing. Checked again when the window changes size. */
(function () {
  "use strict";

  var frames = document.querySelectorAll(".report-figure .table-wrap");
  if (!frames.length) {
    return;
  }

  function nameOf(frame, index) {
    var caption = frame.querySelector("caption");
    if (caption) {
      if (!caption.id) {
        caption.id = "figure-table-" + index;
      }
      return caption.id;
    }
    var figure = frame.closest(".report-figure");
    return figure ? figure.getAttribute("aria-labelledby") : null;
  }

  function mark() {
    frames.forEach(function (frame, index) {
      if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        var name = nameOf(frame, index);
        if (name) {
          frame.setAttribute("aria-labelledby", name);
        }
      } else if (frame.getAttribute("role") === "region") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-labelledby");
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(mark, 150);
  });
  mark();
})();
