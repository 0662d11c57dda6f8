// genlab dashboard: keep a training run's page up to date. No dependencies, no build step.
// The server answers /runs/NAME/live?v=VERSION with 204 when nothing changed, or with JSON
// {v, live, html}; the live part of the page is replaced and polling stops once the run ends.
(function () {
  "use strict";
  var box = document.getElementById("live");
  if (!box || box.dataset.live !== "yes") return;
  var delay = parseInt(box.dataset.pollMs, 10) || 2000;
  var failures = 0;
  function poll() {
    var url = box.dataset.liveUrl + "?v=" + encodeURIComponent(box.dataset.version || "");
    fetch(url, {cache: "no-store", credentials: "same-origin"}).then(function (r) {
      if (r.status === 204) return null;
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      failures = 0;
      if (data) {
        box.innerHTML = data.html;
        box.dataset.version = data.v;
        box.dataset.live = data.live ? "yes" : "no";
      }
      // a hidden tab asks five times less often
      if (box.dataset.live === "yes") setTimeout(poll, document.hidden ? delay * 5 : delay);
    }).catch(function () {
      failures += 1;  // the server may be restarting: back off, keep trying a while
      if (failures < 30) setTimeout(poll, Math.min(delay * failures, 30000));
    });
  }
  setTimeout(poll, delay);
})();
