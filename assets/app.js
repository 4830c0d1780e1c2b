/* partsportal — progressive enhancement only; every page works without it. */
(function () {
  'use strict';

  var doc = document;
  var KIND_LABEL = { part: 'Part', model: 'Model', query: 'Search' };
  var DEBOUNCE_MS = 120;
  var MIN_CHARS = 2;
  var uid = 0;

  function isTypingTarget(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
  }

  // 1. "/" focuses the header search box.
  doc.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (isTypingTarget(e.target) || isTypingTarget(doc.activeElement)) return;
    var q = doc.getElementById('q');
    if (!q) return;
    e.preventDefault();
    q.focus();
    q.select();
  });

  // Where a suggestion leads.
  function targetUrl(s) {
    var t = encodeURIComponent(s.target == null ? '' : String(s.target));
    if (s.kind === 'part') return '/parts/' + t;
    if (s.kind === 'model') return '/search?model=' + t;
    return '/search?q=' + t;
  }

  // 2. Autocomplete (ARIA 1.2 combobox with a listbox popup).
  function setupSuggest(input) {
    var endpoint = input.getAttribute('data-suggest');
    if (!endpoint || !window.fetch) return;
    var form = input.form;

    var box = input.id === 'q' ? doc.getElementById('suggestions') : null;
    if (!box) {
      box = doc.createElement('div');
      box.className = 'suggestions';
      box.setAttribute('role', 'listbox');
      box.hidden = true;
      (form || input.parentNode).appendChild(box);
      if (form) form.classList.add('has-suggest');
    }
    if (!box.id) box.id = (input.id || 'search' + (++uid)) + '-suggestions';
    if (!box.hasAttribute('aria-label') && !box.hasAttribute('aria-labelledby')) {
      box.setAttribute('aria-label', 'Suggestions');
    }

    // A polite live region announcing how many suggestions there are.
    var status = doc.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    box.parentNode.insertBefore(status, box.nextSibling);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', box.id);

    var items = [];      // current suggestions
    var options = [];    // their <li> elements
    var active = -1;     // index of the highlighted option
    var seq = 0;         // request counter: only the latest response renders
    var timer = 0;
    var blurTimer = 0;
    var shownFor = null; // the query the rendered list belongs to

    function isOpen() { return !box.hidden; }

    function open() {
      if (!options.length) return;
      box.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function close() {
      box.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }

    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function go(i) {
      var s = items[i];
      if (!s) return;
      close();
      window.location.assign(targetUrl(s));
    }

    function render(list, q) {
      active = -1;
      input.removeAttribute('aria-activedescendant');
      items = list;
      options = [];
      box.textContent = '';
      shownFor = q;
      if (!list.length) {
        close();
        status.textContent = '';
        return;
      }
      var ul = doc.createElement('ul');
      ul.setAttribute('role', 'none');
      list.forEach(function (s, i) {
        var li = doc.createElement('li');
        li.id = box.id + '-opt-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        var kind = doc.createElement('span');
        kind.className = 'sugg-kind';
        kind.textContent = KIND_LABEL[s.kind] || 'Search';
        var label = doc.createElement('strong');
        label.textContent = s.label == null ? '' : String(s.label);
        li.appendChild(kind);
        li.appendChild(doc.createTextNode(' '));
        li.appendChild(label);
        if (s.detail) {
          var detail = doc.createElement('span');
          detail.className = 'sugg-detail';
          detail.textContent = String(s.detail);
          li.appendChild(doc.createTextNode(' '));
          li.appendChild(detail);
        }
        // Keep focus in the input so the click lands before blur closes the list.
        li.addEventListener('mousedown', function (e) { e.preventDefault(); });
        li.addEventListener('click', function () { go(i); });
        ul.appendChild(li);
        options.push(li);
      });
      box.appendChild(ul);
      open();
      status.textContent = list.length + (list.length === 1 ? ' suggestion' : ' suggestions') + '. Use up and down arrows to choose.';
    }

    function request(q) {
      var mine = ++seq;
      var url = endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(q);
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (mine !== seq) return; // stale
          if (doc.activeElement !== input) return;
          var list = data && Array.isArray(data.suggestions) ? data.suggestions.filter(function (s) { return s && typeof s === 'object'; }) : [];
          render(list, q);
        })
        .catch(function () { /* ignore network and parse errors */ });
    }

    function schedule() {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < MIN_CHARS) {
        seq++; // drop anything in flight
        items = [];
        options = [];
        shownFor = null;
        box.textContent = '';
        status.textContent = '';
        close();
        return;
      }
      timer = setTimeout(function () { request(q); }, DEBOUNCE_MS);
    }

    input.addEventListener('input', schedule);

    input.addEventListener('keydown', function (e) {
      if (e.isComposing) return;
      var n = options.length;
      switch (e.key) {
        case 'ArrowDown':
          if (!n) return;
          e.preventDefault();
          if (!isOpen()) { open(); setActive(0); return; }
          setActive(active + 1 >= n ? -1 : active + 1);
          break;
        case 'ArrowUp':
          if (!n) return;
          e.preventDefault();
          if (!isOpen()) { open(); setActive(n - 1); return; }
          setActive(active - 1 < -1 ? n - 1 : active - 1);
          break;
        case 'Enter':
          if (isOpen() && active >= 0) {
            e.preventDefault();
            go(active);
          } else {
            close(); // submit normally
          }
          break;
        case 'Escape':
          if (isOpen()) {
            e.preventDefault();
            e.stopPropagation();
            close();
          }
          break;
        case 'Tab':
          close();
          break;
      }
    });

    input.addEventListener('focus', function () {
      clearTimeout(blurTimer);
      if (options.length && shownFor === input.value.trim()) open();
    });

    input.addEventListener('blur', function () {
      clearTimeout(blurTimer);
      blurTimer = setTimeout(function () {
        if (doc.activeElement !== input) close();
      }, 150);
    });

    // Coming back through the history cache: start closed.
    window.addEventListener('pageshow', close);
  }

  // 3. Selects that submit their form on change (the form has a <noscript> button).
  function setupAutosubmit(sel) {
    sel.addEventListener('change', function () {
      var f = sel.form;
      if (!f) return;
      if (f.requestSubmit) f.requestSubmit(); else f.submit();
    });
  }

  // 4. On narrow screens start with the filter panel collapsed so results are
  //    visible first (it stays open without JS, and on wide screens).
  function collapseFiltersOnSmallScreens() {
    var panel = doc.querySelector('details.filters-panel');
    if (panel && window.matchMedia && window.matchMedia('(max-width: 899px)').matches) {
      panel.open = false;
    }
  }

  // 5. A running import's progress bar: polls its JSON endpoint and shows
  //    the result page when the job ends (without JS the page refreshes).
  function setupProgress(box) {
    var url = box.getAttribute('data-progress-url');
    var bar = doc.getElementById('progress-bar');
    var text = doc.getElementById('progress-text');
    var phase = doc.getElementById('progress-phase');
    var fmt = function (n) { return Number(n).toLocaleString('en-IN'); };
    function tick() {
      fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) { setTimeout(tick, 2000); return; }
          if (p.finished) { window.location.reload(); return; }
          if (p.total > 0) { bar.max = p.total; bar.value = p.done; }
          var line = fmt(p.done) + ' of ' + fmt(p.total) + ' rows';
          if (p.eta_seconds != null) line += ' · about ' + p.eta_seconds + ' s left';
          text.textContent = line;
          if (phase) phase.textContent = p.phase === 'writing' ? 'Writing to your catalog' : (p.status === 'queued' ? 'Waiting to start' : 'Reading and checking the file');
          setTimeout(tick, 500);
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 300);
  }

  function init() {
    Array.prototype.forEach.call(doc.querySelectorAll('[data-progress-url]'), setupProgress);
    Array.prototype.forEach.call(doc.querySelectorAll('input[data-suggest]'), setupSuggest);
    Array.prototype.forEach.call(doc.querySelectorAll('select[data-autosubmit]'), setupAutosubmit);
    collapseFiltersOnSmallScreens();
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
