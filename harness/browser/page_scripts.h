// JavaScript both script-running backends run in the page: the Chromium
// session over DevTools (Runtime.evaluate) and the WebDriver session (Execute
// Script). One copy, so the Page model, visibility, auto-wait and masking mean
// the same on either. Functions are written as `(args) => ...` expressions;
// each backend calls them in its own way. Internal to harness/browser.
#ifndef PROOFUP_BROWSER_PAGE_SCRIPTS_H_
#define PROOFUP_BROWSER_PAGE_SCRIPTS_H_

#include <string>

#include "harness/browser/browser.h"

namespace proofup::browser::page_scripts {

// Returns {html, url, changes, status}: a copy of the live DOM where every element carries
// data-proofup-node="N" (its index in window.__proofupNodes), elements the
// computed style hides carry `hidden`, and current values, checked and
// selected states are written as attributes. `changes` counts the DOM
// mutations seen so far (an observer the first snapshot installs), so
// kAwaitChange can tell whether the page changed since. `status` is the HTTP
// status of the document's response as the page saw it (0 when unknown), for
// a backend without network events (WebDriver).
inline constexpr char kSnapshot[] = R"JS((() => {
  const w = window;
  if (!w.__proofupWatch && document.documentElement) {
    w.__proofupChanges = 0;
    w.__proofupWake = [];
    w.__proofupWatch = new MutationObserver(() => {
      w.__proofupChanges++;
      for (const wake of w.__proofupWake.splice(0)) wake();
    });
    w.__proofupWatch.observe(document, {subtree: true, childList: true, attributes: true,
                                        characterData: true});
    // For kLeaving: this document started to navigate away (a form sent, a link followed).
    if (w.navigation) w.navigation.addEventListener('navigate', (e) => {
      if (!e.destination || !e.destination.sameDocument) w.__proofupLeaving = true;
    });
  }
  const changes = w.__proofupWatch ? w.__proofupChanges : -1;
  const nav = performance.getEntriesByType('navigation')[0];
  const status = (nav && nav.responseStatus) || 0;
  const root = document.documentElement;
  if (!root) return {html: '', url: location.href, changes, status};
  const live = [root, ...root.querySelectorAll('*')];
  const copy = root.cloneNode(true);
  const dup = [copy, ...copy.querySelectorAll('*')];
  window.__proofupNodes = live;
  for (let i = 0; i < live.length && i < dup.length; i++) {
    const el = live[i], c = dup[i];
    c.setAttribute('data-proofup-node', String(i));
    const tag = el.tagName;
    if (tag !== 'OPTION' && tag !== 'OPTGROUP' && !el.closest('head') &&
        typeof el.checkVisibility === 'function' &&
        !el.checkVisibility({visibilityProperty: true}) &&
        getComputedStyle(el).display !== 'contents') {
      c.setAttribute('hidden', '');
    }
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked) c.setAttribute('checked', ''); else c.removeAttribute('checked');
      } else if (el.type !== 'file') {
        c.setAttribute('value', el.value);
      }
    } else if (el instanceof HTMLTextAreaElement) {
      c.textContent = el.value;
    } else if (el instanceof HTMLOptionElement) {
      if (el.selected) c.setAttribute('selected', ''); else c.removeAttribute('selected');
    }
  }
  return {html: '<!DOCTYPE html>' + copy.outerHTML, url: location.href, changes, status};
})())JS";

// Function of (seen, ms): resolves true once the DOM changed after the
// snapshot that counted `seen` mutations (at once if it already has, or if
// this is a new document), false after `ms` without a change.
inline constexpr char kAwaitChange[] = R"JS((seen, ms) => new Promise((resolve) => {
  const w = window;
  if (!w.__proofupWatch || w.__proofupChanges !== seen) return resolve(true);
  const timer = setTimeout(() => resolve(false), ms);
  w.__proofupWake.push(() => { clearTimeout(timer); resolve(true); });
}))JS";

// A zero timeout in the page, awaited: tasks queued before it (a form
// submission, a handler's fetch) have run when it returns.
inline constexpr char kBarrier[] = "new Promise(r => setTimeout(r, 0))";

// Function of (n, stable): scrolls element n into view and reports
// {state, x, y}: state is ready, gone, hidden, disabled, moving or covered;
// x, y the centre in viewport coordinates. With `stable` it first waits for
// the next animation frame and requires the box not to have moved since
// (Playwright's "stable": the same box in two consecutive frames, which its
// click and check need but its fill and selectOption do not). One frame is
// enough: a CSS animation or a script's requestAnimationFrame moves the box
// at every frame, and the page's own frame callbacks run before this one.
// No frame within 500 ms while an animation runs counts as moving.
inline constexpr char kPrepare[] = R"JS(async (n, stable) => {
  const el = window.__proofupNodes && window.__proofupNodes[n];
  if (!el || !el.isConnected) return {state: 'gone'};
  el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  const box = () => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
  // Resolves true at the next animation frame, or false when none came for
  // 500 ms (a loaded machine, or a page that draws no frames).
  const frame = () => new Promise(r => { requestAnimationFrame(() => r(true)); setTimeout(() => r(false), 500); });
  const a = box();
  // Without a frame nothing was animated, so an unchanged box proves nothing
  // while an animation runs: then look again.
  if (stable && !(await frame()) &&
      document.getAnimations().some(x => x.playState === 'running'))
    return {state: 'moving'};
  const b = box();
  // The centre of the first line box: a link wrapped over two lines has
  // nothing of its own at the centre of its bounding box.
  const first = [...el.getClientRects()].find(r => r.width > 0 && r.height > 0);
  const x = first ? first.x + first.width / 2 : b[0] + b[2] / 2;
  const y = first ? first.y + first.height / 2 : b[1] + b[3] / 2;
  if (!el.checkVisibility({visibilityProperty: true}) || b[2] <= 0 || b[3] <= 0)
    return {state: 'hidden'};
  if (el.disabled || el.closest('fieldset[disabled]') || el.getAttribute('aria-disabled') === 'true')
    return {state: 'disabled'};
  if (!a.every((v, i) => Math.abs(v - b[i]) < 0.5)) return {state: 'moving'};
  const hit = document.elementFromPoint(x, y);
  const labels = el.labels ? [...el.labels] : [];
  if (!hit || !(hit === el || el.contains(hit) || labels.some(l => l === hit || l.contains(hit))))
    return {state: 'covered', by: hit ? hit.tagName.toLowerCase() : 'nothing'};
  return {state: 'ready', x, y};
})JS";

// Function of (n): focuses field n and selects its text, deleting it.
inline constexpr char kFocusAndClear[] = R"JS((n) => {
  const el = window.__proofupNodes[n];
  el.focus();
  if (typeof el.select === 'function') el.select();
  else document.execCommand('selectAll');
  if (el.value !== '' || el.isContentEditable) document.execCommand('delete');
  return true;
})JS";

// Function of (n, text): kFocusAndClear, then inserts `text` as typed text
// (execCommand insertText: beforeinput and input events, as DevTools'
// Input.insertText sends). Returns true when inserted (or `text` is empty),
// else the element, for the backend to type into by other means.
inline constexpr char kFocusClearInsert[] = R"JS((n, text) => {
  const el = window.__proofupNodes[n];
  el.focus();
  if (typeof el.select === 'function') el.select();
  else document.execCommand('selectAll');
  if (el.value !== '' || el.isContentEditable) document.execCommand('delete');
  if (text === '') return true;
  return document.execCommand('insertText', false, text) ? true : el;
})JS";

// Function of (ms): resolves once the document has loaded, after a
// zero-timeout barrier (tasks the action queued, such as a form submission,
// have run); false after `ms` still loading. The settle of a backend without
// network events (WebDriver).
inline constexpr char kLoaded[] = R"JS((ms) => new Promise((resolve) => setTimeout(() => {
  if (document.readyState === 'complete') return resolve(true);
  addEventListener('load', () => resolve(true), {once: true});
  setTimeout(() => resolve(false), ms);
}, 0)))JS";

// True once, when the document has started a navigation to another
// document since kSnapshot's first look (Navigation API "navigate"), then
// false again: a backend that settles inside the page (WebDriver) must then
// read the page in a new script, which the server runs after the load.
inline constexpr char kLeaving[] =
    "(() => { const l = !!window.__proofupLeaving; window.__proofupLeaving = false; return l; })()";

// Function of (n, k): selects option k of select n and fires input/change.
inline constexpr char kSelectOption[] = R"JS((n, k) => {
  const el = window.__proofupNodes[n];
  el.focus();
  el.options[k].selected = true;
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
  return true;
})JS";

// Function of (url): the bytes behind url, base64, fetched with the page's cookies.
inline constexpr char kFetch[] = R"JS(async (url) => {
  const r = await fetch(url, {credentials: 'include'});
  if (!r.ok) return {status: r.status};
  const bytes = new Uint8Array(await r.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return {status: r.status, base64: btoa(s)};
})JS";

// Function of (maskImages, texts, outline, crop, sample): paints opaque boxes
// over images, canvases, svgs and elements whose text contains one of texts
// (a square image, the QR code, gets the `sample` image instead of grey when
// one is given, decoded before it returns), frames the element named
// `outline`, and returns {covered, box}: box is the page rectangle
// (document coordinates, CSS px) of what `crop` names (ScreenshotOptions::crop;
// frame and a margin included), null for no crop or nothing found.
inline constexpr char kMask[] = R"JS(async (maskImages, texts, outline, crop, sample) => {
  const layer = document.createElement('div');
  layer.id = '__proofup_mask';
  layer.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;pointer-events:none';
  const decoding = [];
  const place = (d, r) => {
    d.style.cssText += `;position:absolute;left:${r.left + scrollX}px;top:${r.top + scrollY}px;` +
      `width:${r.width}px;height:${r.height}px`;
    layer.appendChild(d);
  };
  const cover = (el, label) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return;
    if (sample && label === 'masked' && r.width >= 48 && Math.abs(r.width - r.height) <= 0.1 * r.width) {
      const img = document.createElement('img');
      img.src = sample;
      img.alt = 'sample';
      img.style.cssText = 'background:#fff;object-fit:contain;image-rendering:pixelated';
      place(img, r);
      decoding.push(img.decode().catch(() => {}));
      return;
    }
    const d = document.createElement('div');
    d.textContent = label;
    d.style.cssText = 'background:#777;color:#fff;font:12px sans-serif;' +
      'display:flex;align-items:center;justify-content:center;overflow:hidden';
    place(d, r);
  };
  if (maskImages) document.querySelectorAll('img, canvas, svg, video, object, embed').forEach(el => cover(el, 'masked'));
  if (texts.length) {
    const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (texts.some(s => t.data.includes(s)) && t.parentElement) cover(t.parentElement, 'secret masked');
    }
    document.querySelectorAll('input, textarea').forEach(el => {
      if (el.type !== 'password' && texts.some(s => el.value && el.value.includes(s))) cover(el, 'secret masked');
    });
  }
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  let target = null, frame = null;
  if (outline) {
    // The element the manual tells the user to use: a button or link with this
    // text, else the field a label with this text names. A frame, as in the manual.
    const norm = s => (s || '').replace(/\s+/g, ' ').trim().toLowerCase();
    const want = norm(outline);
    target = [...document.querySelectorAll('button, a, [role=button], input[type=submit], input[type=button]')]
      .find(el => visible(el) && norm(el.innerText || el.value) === want);
    if (!target) {
      const label = [...document.querySelectorAll('label')].find(l => visible(l) && norm(l.innerText) === want);
      if (label) target = label.control && visible(label.control) ? label.control : label;
    }
    if (target) {
      const r = target.getBoundingClientRect();
      frame = {left: r.left - 5, top: r.top - 5, right: r.right + 5, bottom: r.bottom + 5};
      const f = document.createElement('div');
      f.style.cssText = 'position:absolute;border:3px solid #e3008c;border-radius:4px;box-sizing:border-box;' +
        `left:${frame.left + scrollX}px;top:${frame.top + scrollY}px;width:${r.width + 10}px;height:${r.height + 10}px`;
      layer.appendChild(f);
    }
  }
  document.documentElement.appendChild(layer);
  await Promise.all(decoding);
  let box = null;
  if (crop) {
    // "dialog": the nearest card around the element to act on (else the
    // page's first); a form is no card (it often wraps only the button).
    const cards = 'dialog, [role=dialog], [role=alertdialog], .card, main';
    const sel = crop === 'dialog' ? cards : crop;
    // A bad selector throws: the shot fails with the page's SyntaxError.
    const el = (target && target.closest(sel)) || [...document.querySelectorAll(sel)].find(visible);
    if (el) {
      const r = el.getBoundingClientRect();
      let b = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
      if (frame) b = {left: Math.min(b.left, frame.left), top: Math.min(b.top, frame.top),
                      right: Math.max(b.right, frame.right), bottom: Math.max(b.bottom, frame.bottom)};
      const x = Math.max(0, Math.floor(b.left + scrollX - 8)), y = Math.max(0, Math.floor(b.top + scrollY - 8));
      box = {x, y, width: Math.ceil(b.right + scrollX + 8) - x, height: Math.ceil(b.bottom + scrollY + 8) - y};
    }
  }
  return {covered: layer.childElementCount, box};
})JS";

// Hides the text caret for a screenshot, as Playwright's caret: "hide": a
// blinking caret in a focused field makes two shots of one page differ. An
// adopted style sheet, not a <style> element: no DOM mutation (kAwaitChange
// would take it for the page changing) and nothing in a snapshot's HTML.
inline constexpr char kHideCaret[] = R"JS((() => {
  if (window.__proofupCaret || !document.adoptedStyleSheets) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('*, *::before, *::after { caret-color: transparent !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  window.__proofupCaret = sheet;
})())JS";

// Undoes kMask and kHideCaret.
inline constexpr char kUnmask[] = R"JS((() => {
  const l = document.getElementById('__proofup_mask');
  if (l) l.remove();
  const sheet = window.__proofupCaret;
  if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== sheet);
  window.__proofupCaret = null;
})())JS";

// The Page of a kSnapshot result: its html parsed at its url, with the
// backend's `status` for the main response (200 when it knows none).
Page PageFromSnapshot(const std::string& html, const std::string& url, int status);

// The index in window.__proofupNodes (kSnapshot's data-proofup-node stamp) of
// element `node` of `page`, a page built by PageFromSnapshot; -1 when it has none.
int LiveIndex(const Page& page, int node);

// The field of `page` stamped with live index `live`, or nullptr: the same
// element in a page read after an action.
const Field* FieldAt(const Page& page, int live);

}  // namespace proofup::browser::page_scripts

#endif  // PROOFUP_BROWSER_PAGE_SCRIPTS_H_
