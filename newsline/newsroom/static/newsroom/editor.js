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
  var lastSent = snapshot();
  var dirty = false;

  function field(name) {
    var el = form.querySelector("[name=" + name + "]");
    return el ? el.value : null;
  }
  function snapshot() {
    return JSON.stringify(["headline", "lead", "body", "slug", "base_version"].map(field));
  }
  function post(url, data) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(data).forEach(function (k) { if (data[k] !== null) body.append(k, data[k]); });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-CSRFToken": csrf } });
  }
  function autosave() {
    var now = snapshot();
    if (now === lastSent) return;
    post(box.dataset.autosaveUrl, {
      headline: field("headline"), lead: field("lead"), body: field("body"),
      slug: field("slug"), base_version: field("base_version")
    }).then(function (r) {
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
  window.addEventListener("pagehide", function () {
    if (snapshot() !== lastSent) autosave();
  });
}());
