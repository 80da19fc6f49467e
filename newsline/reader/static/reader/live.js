/* Newsline live updates for open reader pages.
 *
 * Listens to the edition's server-sent events (`data-live-stream` on <body>) and applies
 * the markup the server rendered for each change: headlines in the news line, the
 * breaking banner, live blog entries. Dependency-free and hand-written because no
 * library does this small, page-specific job; without it the page is what the server
 * rendered. It holds no user-visible text: the template puts translated strings in
 * data attributes.
 */
(function () {
  "use strict";

  var body = document.body;
  var config = body.dataset;
  if (!config.liveStream || !window.EventSource || !("content" in document.createElement("template"))) {
    return;
  }

  var BASE_DELAY = 1000; // first retry after 0.5–1 s, doubling up to 30–60 s
  var MAX_DELAY = 60000;
  var STABLE_MS = 30000; // a stream open this long resets the backoff
  var language = document.documentElement.lang || "en";
  var region = document.querySelector("[data-live-region]");
  var list = document.querySelector(".newsline__list");
  var limit = list ? Number(list.dataset.liveLimit) || list.children.length : 0;
  var lastId = (list && list.dataset.liveSince) || "";
  var pending = []; // headlines held back while the reader is below the news line's top
  var pill = null;
  var source = null;
  var timer = null;
  var failures = 0;
  var openedAt = 0;
  var waitingForVisible = false;

  // Markup --------------------------------------------------------------------------

  function parse(html) {
    // A <template> parses without running scripts or loading anything until inserted.
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function timeOf(element) {
    var time = element.querySelector("time[datetime]");
    if (!time) return 0;
    // Django's "O" format writes +0400; Date.parse is only required to read +04:00.
    var value = Date.parse(time.getAttribute("datetime").replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
    return isNaN(value) ? 0 : value;
  }

  function child(container, attribute, id) {
    return container.querySelector(":scope > [" + attribute + '="' + Number(id) + '"]');
  }

  // Where `item` goes in a newest-first container: before the first element it outranks.
  function insertionPoint(container, item, key) {
    var itemKey = key(item);
    for (var node = container.firstElementChild; node; node = node.nextElementSibling) {
      if (node !== item && outranks(itemKey, key(node))) return node;
    }
    return null;
  }

  function outranks(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return a[i] > b[i];
    }
    return false;
  }

  function storyKey(element) {
    return [timeOf(element), Number(element.dataset.story) || 0];
  }

  function entryKey(element) {
    var pinned = element.querySelector(".liveblog__entry--pinned") ? 1 : 0;
    return [pinned, timeOf(element), Number(element.dataset.entry) || 0];
  }

  function flash(element) {
    element.classList.add("live-new");
    element.addEventListener("animationend", function () {
      element.classList.remove("live-new");
    }, { once: true });
  }

  // Keep what the reader looks at where it is while content above it changes. Browsers
  // with CSS scroll anchoring do this too; after our correction they find their anchor
  // unmoved, so the two never add up. Safari has no scroll anchoring.
  function steady(change, leaving) {
    var anchor = window.scrollY > 0 ? anchorElement(leaving) : null;
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected) {
      var shift = anchor.getBoundingClientRect().top - before;
      if (shift) window.scrollBy(0, shift);
    }
  }

  function anchorElement(leaving) {
    var points = [0.5, 0.3, 0.7];
    for (var i = 0; i < points.length; i++) {
      var element = document.elementFromPoint(window.innerWidth / 2, window.innerHeight * points[i]);
      if (!element || element === body || element === document.documentElement) continue;
      if (pill && pill.contains(element)) continue;
      if (leaving && leaving.contains(element)) continue;
      return element;
    }
    return null;
  }

  // Announcements --------------------------------------------------------------------

  function announce(template, values) {
    if (!region || !template) return;
    var text = template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
    // A fresh node per message: screen readers announce additions to a polite region.
    var line = document.createElement("p");
    line.textContent = text;
    region.append(line);
    while (region.children.length > 3) region.firstElementChild.remove();
  }

  function textOf(element, selector) {
    var found = element.querySelector(selector);
    return (found ? found.textContent : "").replace(/\s+/g, " ").trim();
  }

  // News line ------------------------------------------------------------------------

  function belowNewsLineTop() {
    return list.getBoundingClientRect().top < 0;
  }

  // Whether the news line keeps `item`: not when it is older than all it has room for.
  function fits(item) {
    var before = insertionPoint(list, item, storyKey);
    var position = before ? Array.prototype.indexOf.call(list.children, before) : list.children.length;
    return position < limit;
  }

  function insertStory(item) {
    if (!fits(item)) return false;
    var before = insertionPoint(list, item, storyKey);
    steady(function () {
      list.insertBefore(item, before);
      while (list.children.length > limit) list.lastElementChild.remove();
    });
    flash(item);
    return true;
  }

  function onStory(data) {
    if (!list || !data.html) return;
    var item = parse(data.html);
    if (!item || !item.dataset.story) return;
    var held = pending.findIndex(function (node) { return node.dataset.story === item.dataset.story; });
    if (held !== -1) {
      pending[held] = item;
      return;
    }
    var existing = child(list, "data-story", item.dataset.story);
    if (existing && timeOf(existing) === timeOf(item)) {
      steady(function () { existing.replaceWith(item); }, existing);
      return;
    }
    if (existing) steady(function () { existing.remove(); }, existing);
    if (belowNewsLineTop()) {
      if (!fits(item)) return;
      pending.push(item);
      showPill();
    } else {
      showPending();
      if (!insertStory(item)) return;
    }
    if (!existing) announce(config.liveNewStory, { headline: textOf(item, ".newsline__headline") });
  }

  function onWithdrawn(data) {
    var id = String(Number(data.id));
    pending = pending.filter(function (node) { return node.dataset.story !== id; });
    showPill();
    document.querySelectorAll('li[data-story="' + id + '"]').forEach(function (node) {
      steady(function () { node.remove(); }, node);
    });
  }

  function showPending() {
    var items = pending;
    pending = [];
    showPill();
    items.forEach(insertStory);
  }

  function pillText(count) {
    var form = new Intl.PluralRules(language).select(count);
    var key = "liveMore" + form.charAt(0).toUpperCase() + form.slice(1);
    var template = config[key] || config.liveMoreOther || "";
    return template.replace("{number}", count.toLocaleString(language));
  }

  function showPill() {
    if (!list) return;
    if (!pill) {
      pill = document.createElement("button");
      pill.type = "button";
      pill.className = "newsline__pill";
      pill.hidden = true;
      pill.addEventListener("click", onPillClick);
      list.before(pill);
    }
    pill.hidden = pending.length === 0;
    if (pending.length) pill.textContent = pillText(pending.length);
  }

  function onPillClick() {
    showPending();
    var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    list.closest(".newsline").scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    // The pill is gone; keyboard focus goes to the newest headline instead of the page top.
    var link = list.querySelector("a");
    if (link) link.focus({ preventScroll: true });
  }

  // Breaking banner and live blogs --------------------------------------------------

  function onBreaking(data) {
    var slot = document.querySelector("[data-live-banner]");
    if (!slot) return;
    var banner = data.html ? parse(data.html) : null;
    var current = slot.firstElementChild;
    if (banner) {
      var link = banner.querySelector("a[href]");
      var here = link && new URL(link.getAttribute("href"), window.location.href).pathname === window.location.pathname;
      if (here) link.setAttribute("aria-current", "page");
      if (current && current.isEqualNode(banner)) return;
    } else if (!current) {
      return;
    }
    steady(function () {
      slot.replaceChildren.apply(slot, banner ? [banner] : []);
    }, current);
    if (banner && textOf(banner, "a") !== (current ? textOf(current, "a") : "")) {
      announce(config.liveBreaking, { headline: textOf(banner, "a") });
    }
  }

  function onEntry(data) {
    var container = document.querySelector('[data-live-entries="' + Number(data.article) + '"]');
    if (!container) return;
    var existing = child(container, "data-entry", data.id);
    var item = data.html ? parse(data.html) : null;
    if (!item) {
      if (existing) steady(function () { existing.remove(); }, existing);
      return;
    }
    if (existing && insertionPoint(container, item, entryKey) === existing.nextElementSibling) {
      steady(function () { existing.replaceWith(item); }, existing);
      return;
    }
    steady(function () {
      if (existing) existing.remove();
      container.insertBefore(item, insertionPoint(container, item, entryKey));
    }, existing);
    if (!existing) {
      flash(item);
      announce(config.liveEntry, { text: textOf(item, ".liveblog__body").slice(0, 200) });
    }
  }

  function showStale() {
    if (document.querySelector(".live-stale") || !config.liveStale) return;
    var notice = document.createElement("p");
    notice.className = "live-stale";
    notice.textContent = config.liveStale + " ";
    var link = document.createElement("a");
    link.href = window.location.href.split("#")[0];
    link.textContent = config.liveReload;
    notice.append(link);
    var place = list || document.querySelector("[data-live-banner]");
    if (place) place.before(notice);
  }

  // The stream -----------------------------------------------------------------------

  var handlers = { story: onStory, withdrawn: onWithdrawn, breaking: onBreaking, entry: onEntry };

  function connect() {
    timer = null;
    if (document.hidden) {
      waitingForVisible = true; // background tabs wait; the reader is not looking
      return;
    }
    // Resume after the last event this page has: the one its news line was rendered at,
    // then the last one received.
    var url = config.liveStream + (lastId ? "?last_event_id=" + encodeURIComponent(lastId) : "");
    source = new EventSource(url);
    source.addEventListener("open", function () {
      openedAt = Date.now();
    });
    source.addEventListener("error", onError);
    source.addEventListener("reload", onReload);
    Object.keys(handlers).forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        var data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (data && typeof data === "object") handlers[kind](data);
        if (event.lastEventId) lastId = event.lastEventId;
      });
    });
  }

  function onError() {
    if (openedAt && Date.now() - openedAt >= STABLE_MS) failures = 0;
    openedAt = 0;
    // After a dropped connection the browser reconnects by itself once, sending
    // Last-Event-ID so nothing is missed; any further failure is ours to pace.
    if (source.readyState === EventSource.CONNECTING && failures === 0) {
      failures = 1;
      return;
    }
    // The next connection resumes from lastId; the server says "reload" if it cannot.
    retryLater();
  }

  function onReload() {
    showStale();
    retryLater();
  }

  function retryLater() {
    source.close();
    source = null;
    // Exponential backoff with jitter, so pages do not come back all at once.
    var ceiling = Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, failures));
    failures += 1;
    timer = setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && waitingForVisible) {
      waitingForVisible = false;
      connect();
    }
  });

  // The news line's own pill waits for the reader to come back up: reaching the top
  // shows what was held back.
  window.addEventListener("scroll", function () {
    if (pending.length && !belowNewsLineTop()) showPending();
  }, { passive: true });

  connect();
})();
