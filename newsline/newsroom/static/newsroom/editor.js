// The article editor's background work, as progressive enhancement: the form works
// without it. Autosave keeps unsaved text as a revision every few seconds while typing;
// the heartbeat keeps the soft lock and shows who else has the article open.
(function () {
  "use strict";
  var box = document.querySelector(".newsroom-editor");
  var form = document.getElementById("article_form");
  if (!box || !form) return;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var status = box.querySelector(".newsroom-autosave-status");
  var presence = box.querySelector(".newsroom-presence");
  var AUTOSAVE_MS = 5000;
  var KEEPALIVE_LIMIT = 60 * 1024; // below the 64 KiB, leaving room for the form's encoding
  var lastSent = snapshot();
  var dirty = false;

  function field(name) {
    var el = form.querySelector("[name=" + name + "]");
    return el ? el.value : null;
  }
  function snapshot() {
    return JSON.stringify(["headline", "lead", "body", "slug", "base_version"].map(field));
  }
  function post(url, data, leaving) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(data).forEach(function (k) { if (data[k] !== null) body.append(k, data[k]); });
    // A request sent while the page goes away is cancelled with the page unless it is a
    // keepalive one, which browsers cap at 64 KiB: a longer text takes its chances.
    var keepalive = Boolean(leaving) && new Blob(Object.values(data)).size < KEEPALIVE_LIMIT;
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-CSRFToken": csrf }, keepalive: keepalive });
  }
  function autosave(leaving) {
    var now = snapshot();
    if (now === lastSent) return;
    post(box.dataset.autosaveUrl, {
      headline: field("headline"), lead: field("lead"), body: field("body"),
      slug: field("slug"), base_version: field("base_version")
    }, leaving).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      lastSent = now;
      status.textContent = status.dataset.saved || "Unsaved text kept.";
      box.dataset.autosaved = String(Date.now());
    }).catch(function () { /* the next tick tries again */ });
  }
  function heartbeat() {
    post(box.dataset.presenceUrl, {}).then(function (r) { return r.json(); }).then(function (d) {
      presence.hidden = !d.others.length;
      presence.querySelector(".newsroom-presence__names").textContent = d.others.join(", ");
    }).catch(function () {});
  }
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { lastSent = snapshot(); });
  setInterval(function () { if (dirty) autosave(); }, AUTOSAVE_MS);
  setInterval(heartbeat, (Number(box.dataset.heartbeat) || 15) * 1000);
  // Timers in a hidden tab are throttled (to once a minute after a while, longer than the
  // soft lock lasts), and a page from the back-forward cache shows who was there back then:
  // ask again as soon as the page is seen.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") heartbeat();
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) heartbeat(); });
  window.addEventListener("pagehide", function () {
    if (snapshot() !== lastSent) autosave(true);
  });
}());
