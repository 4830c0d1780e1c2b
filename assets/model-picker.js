/* partsportal — the part form's equipment-model picker: chosen models as
   removable chips and an autocomplete to add more. It only edits the
   compatible-models textarea (one model per line), which the form submits;
   without JavaScript the textarea is used directly. */
(function () {
  'use strict';

  var doc = document;
  var DEBOUNCE_MS = 120;
  var MIN_CHARS = 2;

  function clean(s) { return s.replace(/\s+/g, ' ').trim(); }

  function lines(ta) {
    var out = [];
    ta.value.split(/\r?\n/).forEach(function (l) {
      l = clean(l);
      if (l && out.indexOf(l) < 0) out.push(l);
    });
    return out;
  }

  function setup(ta) {
    var endpoint = ta.getAttribute('data-model-picker');
    if (!endpoint || !window.fetch || !ta.id) return;

    var chosen = lines(ta);
    var wrap = doc.createElement('div');
    wrap.className = 'model-picker';
    var chips = doc.createElement('ul');
    chips.className = 'model-chips';
    chips.setAttribute('aria-label', 'Chosen models');
    var input = doc.createElement('input');
    input.type = 'text';
    input.id = ta.id + '-search';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.placeholder = 'Type a model name, e.g. signa — then choose';
    var box = doc.createElement('div');
    box.className = 'suggestions';
    box.id = ta.id + '-options';
    box.setAttribute('role', 'listbox');
    box.setAttribute('aria-label', 'Matching models');
    box.hidden = true;
    var status = doc.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', box.id);
    var described = ta.getAttribute('aria-describedby');
    if (described) input.setAttribute('aria-describedby', described);
    if (ta.getAttribute('aria-invalid')) input.setAttribute('aria-invalid', 'true');

    // The field's label now names the search box; the textarea stays in the
    // form, hidden, and carries the value.
    var label = doc.querySelector('label[for="' + ta.id + '"]');
    if (label) label.setAttribute('for', input.id);

    wrap.appendChild(chips);
    wrap.appendChild(input);
    wrap.appendChild(box);
    wrap.appendChild(status);
    ta.parentNode.insertBefore(wrap, ta);
    ta.hidden = true;
    ta.tabIndex = -1;

    var items = [];
    var options = [];
    var active = -1;
    var seq = 0;
    var timer = 0;

    function sync() { ta.value = chosen.join('\n'); }

    function drawChips() {
      chips.textContent = '';
      chosen.forEach(function (label, i) {
        var li = doc.createElement('li');
        li.className = 'model-chip';
        var text = doc.createElement('span');
        text.textContent = label;
        var remove = doc.createElement('button');
        remove.type = 'button';
        remove.className = 'chip-remove';
        remove.setAttribute('aria-label', 'Remove ' + label);
        remove.textContent = '×';
        remove.addEventListener('click', function () {
          chosen.splice(i, 1);
          sync();
          drawChips();
          status.textContent = label + ' removed.';
          input.focus();
        });
        li.appendChild(text);
        li.appendChild(remove);
        chips.appendChild(li);
      });
      chips.hidden = chosen.length === 0;
    }

    function add(label) {
      label = clean(label);
      if (!label) return;
      var lower = label.toLowerCase();
      var known = chosen.some(function (c) { return c.toLowerCase() === lower; });
      if (!known) chosen.push(label);
      sync();
      drawChips();
      input.value = '';
      close();
      status.textContent = known ? label + ' is already chosen.' : label + ' added.';
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

    function close() {
      box.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }

    function render(list) {
      items = list.filter(function (m) { return chosen.indexOf(m.label) < 0; });
      options = [];
      active = -1;
      box.textContent = '';
      if (!items.length) {
        close();
        status.textContent = list.length ? '' : 'No model matches.';
        return;
      }
      var ul = doc.createElement('ul');
      ul.setAttribute('role', 'none');
      items.forEach(function (m, i) {
        var li = doc.createElement('li');
        li.id = box.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        var strong = doc.createElement('strong');
        strong.textContent = String(m.name || m.label);
        var maker = doc.createElement('span');
        maker.className = 'sugg-kind';
        maker.textContent = String(m.manufacturer || '');
        li.appendChild(maker);
        li.appendChild(doc.createTextNode(' '));
        li.appendChild(strong);
        li.addEventListener('mousedown', function (e) { e.preventDefault(); });
        li.addEventListener('click', function () { add(String(m.label)); input.focus(); });
        ul.appendChild(li);
        options.push(li);
      });
      box.appendChild(ul);
      box.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      status.textContent = items.length + (items.length === 1 ? ' model' : ' models') + ' found. Use up and down arrows to choose.';
    }

    function request(q) {
      var mine = ++seq;
      fetch(endpoint + '?q=' + encodeURIComponent(q), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (mine !== seq || doc.activeElement !== input) return;
          var list = data && Array.isArray(data.models) ? data.models.filter(function (m) {
            return m && typeof m.label === 'string';
          }) : [];
          render(list);
        })
        .catch(function () { /* the textarea still works */ });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = clean(input.value);
      if (q.length < MIN_CHARS) {
        seq++;
        close();
        return;
      }
      timer = setTimeout(function () { request(q); }, DEBOUNCE_MS);
    });

    input.addEventListener('keydown', function (e) {
      if (e.isComposing) return;
      var n = options.length;
      switch (e.key) {
        case 'ArrowDown':
          if (!n) return;
          e.preventDefault();
          if (box.hidden) { box.hidden = false; input.setAttribute('aria-expanded', 'true'); }
          setActive(active + 1 >= n ? 0 : active + 1);
          break;
        case 'ArrowUp':
          if (!n) return;
          e.preventDefault();
          setActive(active - 1 < 0 ? n - 1 : active - 1);
          break;
        case 'Enter':
          // Enter chooses; it never submits the form from this box.
          e.preventDefault();
          if (!box.hidden && active >= 0 && items[active]) add(String(items[active].label));
          else if (clean(input.value)) add(input.value);
          break;
        case 'Escape':
          if (!box.hidden) { e.preventDefault(); close(); }
          break;
        case 'Backspace':
          if (!input.value && chosen.length) {
            var gone = chosen.pop();
            sync();
            drawChips();
            status.textContent = gone + ' removed.';
          }
          break;
      }
    });

    input.addEventListener('blur', function () {
      setTimeout(function () { if (doc.activeElement !== input) close(); }, 150);
    });

    // Text left in the box when the form is sent is kept, and checked by
    // the server like any other name.
    if (ta.form) {
      ta.form.addEventListener('submit', function () {
        if (clean(input.value)) add(input.value);
      });
    }

    drawChips();
  }

  function init() {
    Array.prototype.forEach.call(doc.querySelectorAll('textarea[data-model-picker]'), setup);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
