// mock-idp's `spa` variant client: renders every screen of the portal from
// the JSON screen model that the page's own path answers to
// `Accept: application/json` (mock-idp/PROTOCOL.md, "Variant spa").
// Plain JavaScript, no framework. Deliberately like real JS portals: no
// texts in the HTML, role="heading" instead of h1/h2, <span role="button">,
// fetch() with an X-CSRF-Token header, the QR code painted into a <canvas>,
// and each screen shown only after a short delay once its data arrived.
'use strict';
(function () {
  const app = document.getElementById('app');
  let model = null; // the screen on display
  let generation = 0; // bumps on every load/submit; stale answers are dropped
  let pollTimer = 0;

  // 150-300 ms: the client-side "rendering" delay of every screen.
  const renderDelay = () => 150 + Math.floor(Math.random() * 150);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === undefined || v === null) continue;
      if (k === 'value') node.value = v;
      else if (k === 'checked') node.checked = true;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function button(label, onActivate) {
    const b = el('span', { role: 'button', tabindex: '0', class: 'button' }, label);
    b.addEventListener('click', onActivate);
    b.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onActivate();
      }
    });
    return b;
  }

  // A link that only shows another screen.
  function navLink(label, href) {
    const a = el('a', { href: href }, label);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const u = new URL(href, location.href);
      load(u.pathname + u.search, 'push');
    });
    return a;
  }

  // A link with a side effect (switch path, resend code): a token-carrying GET.
  function actionLink(label, href) {
    const a = el('a', { href: href }, label);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      send('GET', href, undefined);
    });
    return a;
  }

  function labelled(id, label, input) {
    return [el('label', { for: id }, label), input];
  }

  function onEnter(inputs, action) {
    for (const i of inputs) {
      i.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          action();
        }
      });
    }
  }

  async function fetchJson(method, path, body, withToken) {
    const headers = { Accept: 'application/json' };
    if (withToken) headers['X-CSRF-Token'] = model ? model.csrf : '';
    const res = await fetch(path, {
      method: method,
      headers: headers,
      body: body,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    return res.json();
  }

  function busy() {
    clearTimeout(pollTimer);
    app.replaceChildren();
    app.setAttribute('aria-busy', 'true');
  }

  // Shows `data` after the rendering delay unless something newer started.
  function show(data, mine) {
    const qr = data.qr_png ? preload(data.qr_png) : null;
    setTimeout(() => {
      if (mine === generation) render(data, qr);
    }, renderDelay());
  }

  // Loads the screen at `path`. how: 'push' (new history entry), 'replace'
  // (a redirect or the first load) or 'none' (back/forward).
  async function load(path, how) {
    const mine = ++generation;
    busy();
    let data;
    try {
      data = await fetchJson('GET', path, undefined, false);
    } catch (e) {
      console.error('mock-idp spa: loading ' + path + ' failed: ' + e);
      return;
    }
    if (mine !== generation) return;
    if (data.redirect) return load(data.redirect, how === 'push' ? 'push' : 'replace');
    if (how === 'push') history.pushState(null, '', path);
    else if (how === 'replace') history.replaceState(null, '', path);
    show(data, mine);
  }

  // A step's submission (POST) or an action link (GET), with the token.
  async function send(method, path, fields) {
    const mine = ++generation;
    const body = fields ? new URLSearchParams(fields) : undefined;
    busy();
    let data;
    try {
      data = await fetchJson(method, path, body, true);
    } catch (e) {
      console.error('mock-idp spa: ' + method + ' ' + path + ' failed: ' + e);
      return;
    }
    if (mine !== generation) return;
    if (data.redirect) return load(data.redirect, 'push');
    show(data, mine);
  }

  const submit = (path, fields) => send('POST', path, fields);

  // The push wait screens poll instead of a meta refresh; the screen is
  // redrawn only when its model changed.
  async function poll(mine) {
    if (mine !== generation) return;
    let data;
    try {
      data = await fetchJson('GET', location.pathname + location.search, undefined, false);
    } catch (e) {
      pollTimer = setTimeout(() => poll(mine), model.poll_ms);
      return;
    }
    if (mine !== generation) return;
    if (data.redirect) return load(data.redirect, 'replace');
    if (JSON.stringify(data) === JSON.stringify(model)) {
      pollTimer = setTimeout(() => poll(mine), model.poll_ms);
      return;
    }
    const next = ++generation;
    busy();
    show(data, next);
  }

  function preload(src) {
    const img = new Image();
    img.src = src;
    return img;
  }

  function qrCanvas(img, label) {
    const canvas = el('canvas', { id: 'qr', class: 'qr', role: 'img', 'aria-label': label });
    const draw = () => {
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(img, 0, 0);
    };
    if (img.complete && img.naturalWidth > 0) draw();
    else img.addEventListener('load', draw);
    return canvas;
  }

  function methodList(v) {
    return el(
      'ul',
      { class: 'methods' },
      (v.methods || []).map((m) => el('li', {}, m.detail ? m.label + ': ' + m.detail : m.label))
    );
  }

  function codeField(t) {
    const code = el('input', {
      id: 'code',
      name: 'code',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: '6',
    });
    return { input: code, nodes: labelled('code', t.code_label, code) };
  }

  function pushScreen(m, t, v) {
    return [
      el('p', {}, t.text),
      v.waiting && el('div', { class: 'number-match', id: 'number' }, v.number),
      v.approved && button(t.next, () => submit(v.action, { action: 'next' })),
      v.failed && button(t.retry, () => submit(v.action, { action: 'retry' })),
      v.use_sms_href && el('p', {}, actionLink(t.use_sms, v.use_sms_href)),
      v.use_code_href && el('p', {}, actionLink(t.use_code, v.use_code_href)),
    ];
  }

  // One function per server template name (`view` in the model).
  const views = {
    signin(m, t, v) {
      const user = el('input', {
        id: 'username',
        name: 'username',
        type: 'text',
        autocomplete: 'username',
        value: v.username || '',
      });
      const pass = el('input', {
        id: 'password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
      });
      const go = () =>
        submit('/login', { action: 'signin', username: user.value, password: pass.value });
      onEnter([user, pass], go);
      // A form element only so that browsers see a sign-in form; it is never
      // submitted natively.
      const form = el(
        'form',
        { novalidate: true },
        labelled('username', t.username, user),
        labelled('password', t.password, pass),
        button(t.submit, go)
      );
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        go();
      });
      return [el('p', {}, t.intro), form];
    },
    info(m, t, v) {
      return [el('p', {}, t.text), button(t.next, () => submit(v.action, { action: 'next' }))];
    },
    app_intro(m, t, v) {
      return [
        el('p', { class: 'app-name' }, t.app_name),
        el('p', {}, t.text),
        button(t.next, () => submit(v.action, { action: 'next' })),
        el('p', {}, actionLink(t.other_app, v.other_app_href)),
      ];
    },
    qr(m, t, v, qr) {
      return [
        el('p', {}, v.text),
        qr && qrCanvas(qr, t.img_alt),
        qr && el('p', {}, navLink(t.cant_scan, v.manual_href)),
        v.manual &&
          el(
            'div',
            { id: 'manual-entry' },
            el('p', {}, t.manual_intro),
            (v.manual_lines || []).map((l) => el('p', { class: 'manual-line' }, l.label + ': ' + l.value))
          ),
        button(t.next, () => submit(v.action, { action: 'next' })),
      ];
    },
    tryout: pushScreen,
    challenge_push: pushScreen,
    totp_verify(m, t, v) {
      const code = codeField(t);
      const go = () => submit(v.action, { action: 'next', code: code.input.value });
      onEnter([code.input], go);
      return [el('p', {}, t.text), code.nodes, button(t.next, go)];
    },
    phone(m, t, v) {
      const country = el(
        'select',
        { id: 'country', name: 'country' },
        (v.countries || []).map((c) => el('option', { value: c.iso, selected: c.selected }, c.label))
      );
      const phone = el('input', {
        id: 'phone',
        name: 'phone',
        type: 'tel',
        autocomplete: 'tel',
        value: v.phone || '',
      });
      const sms = el('input', {
        type: 'radio',
        id: 'method-sms',
        name: 'method',
        value: 'sms',
        checked: true,
      });
      const go = () => {
        const fields = { action: 'next', country: country.value, phone: phone.value };
        if (sms.checked) fields.method = 'sms';
        submit(v.action, fields);
      };
      onEnter([phone], go);
      return [
        el('p', {}, t.text),
        labelled('country', t.country_label, country),
        labelled('phone', t.number_label, phone),
        el('p', { class: 'choice' }, sms, el('label', { for: 'method-sms' }, t.sms_option)),
        button(t.next, go),
      ];
    },
    sms(m, t, v) {
      const code = codeField(t);
      const go = () => submit(v.action, { action: 'next', code: code.input.value });
      onEnter([code.input], go);
      return [
        el('p', {}, v.sent),
        code.nodes,
        el('p', {}, actionLink(t.resend, v.resend_href)),
        button(t.next, go),
      ];
    },
    challenge_code(m, t, v) {
      const code = codeField(t);
      const go = () => submit(v.action, { action: 'verify', code: code.input.value });
      onEnter([code.input], go);
      return [
        el('p', {}, v.text),
        code.nodes,
        v.resend_href && el('p', {}, actionLink(t.resend, v.resend_href)),
        button(t.verify, go),
        v.use_sms_href && el('p', {}, actionLink(t.use_sms, v.use_sms_href)),
      ];
    },
    success(m, t, v) {
      return [
        el('p', {}, t.text),
        el('p', {}, t.default_label, ' ', el('span', { id: 'default-method' }, v.default_method)),
        el('p', {}, t.methods_label),
        methodList(v),
        button(t.done, () => submit(v.action, { action: 'done' })),
      ];
    },
    start(m, t, v) {
      return [
        el('p', { id: 'welcome' }, v.welcome),
        el('p', {}, navLink(t.security_info, '/security-info')),
        button(t.sign_out, () => submit('/logout', { action: 'signout' })),
      ];
    },
    security_info(m, t, v) {
      return [
        el('p', {}, t.text),
        el('p', { id: 'default-method' }, v.default_method),
        methodList(v),
        el('p', {}, actionLink(t.add_method, v.add_href)),
        el('p', {}, navLink(t.start_page, '/')),
      ];
    },
    error(m, t) {
      return [el('p', {}, t.text), el('p', {}, navLink(t.home, '/'))];
    },
  };

  function render(m, qr) {
    model = m;
    const t = m.texts || {};
    const v = m.vars || {};
    document.documentElement.lang = m.lang;
    document.title = (t.heading || '') + ' - ' + m.tenant;
    const view = views[m.view] || (() => []);
    app.replaceChildren(
      ...[
        el('p', { class: 'tenant' }, m.tenant),
        el('div', { role: 'heading', 'aria-level': '1' }, t.heading),
        t.subheading && el('div', { role: 'heading', 'aria-level': '2' }, t.subheading),
        m.error && el('div', { class: 'error', role: 'alert' }, m.error),
        m.status_text && el('p', { class: 'result', role: 'status' }, m.status_text),
        view(m, t, v, qr),
        el('p', { class: 'lang' }, navLink(t.other_lang_name, '?lng=' + t.other_lang)),
      ]
        .flat(Infinity)
        .filter(Boolean)
    );
    app.setAttribute('aria-busy', 'false');
    if (m.poll_ms) {
      const mine = generation;
      pollTimer = setTimeout(() => poll(mine), m.poll_ms);
    }
  }

  window.addEventListener('popstate', () => load(location.pathname + location.search, 'none'));
  load(location.pathname + location.search, 'replace');
})();
