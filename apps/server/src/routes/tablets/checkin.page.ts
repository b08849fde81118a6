/**
 * The keeper's check-in page: static HTML and one script (no inline script, so a strict CSP). The
 * script reads the User-Agent and UA Client Hints to pre-fill the OS and version, which the keeper
 * can correct, asks about passcode, screen lock and the catalogue's apps, and shows the result.
 */
export const CHECKIN_PAGE_HTML = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Tablet check-in — Safefleet</title>
<style>
body{font:17px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1c2430}
main{max-width:40rem;margin:0 auto;padding:1rem}
section{background:#fff;border-radius:10px;padding:1rem 1.2rem;margin:1rem 0;box-shadow:0 1px 2px #0002}
h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}
label{display:block;margin:.5rem 0}.hint{color:#556;font-size:.9rem}
.apps{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.4rem}
.app{display:flex;align-items:center;gap:.5rem;border:1px solid #dde;border-radius:8px;padding:.4rem}
.icon{width:2rem;height:2rem;border-radius:8px;display:inline-flex;align-items:center;justify-content:center;color:#fff;font-weight:700;flex:none}
button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:8px;background:#1f5fbf;color:#fff}
.pass{color:#17692d}.fail{color:#b3261e}.grace{color:#8a5a00}.unknown{color:#555}
input[type=text],input[type=month],select{font-size:1rem;padding:.3rem}
</style>
</head>
<body>
<main>
<h1 id="title">Tablet check-in</h1>
<p id="intro">Loading…</p>
<form id="form" hidden>
<section>
<h2>This tablet</h2>
<label>System <select id="platform"><option value="ipados">iPadOS (iPad)</option><option value="ios">iOS (iPhone)</option><option value="android">Android</option></select></label>
<label>Version <input type="text" id="osVersion" size="10" autocomplete="off"></label>
<p class="hint" id="detected"></p>
<p class="hint" id="current"></p>
<label id="patchRow" hidden>Android security update (Settings › About tablet › Android version) <input type="month" id="securityPatch"></label>
</section>
<section>
<h2>Locking</h2>
<label><input type="checkbox" id="passcode"> A passcode, PIN or pattern is needed to unlock this tablet</label>
<label><input type="checkbox" id="screenLock"> The screen locks by itself after a few minutes (Auto-Lock or Screen timeout)</label>
<label><input type="checkbox" id="passcodeChanged"> I changed the passcode in the last three months</label>
<p class="hint">Please change the passcode every three months; this page asks again each quarter.</p>
</section>
<section>
<h2>Apps</h2>
<p>Tick every app below that is on this tablet.</p>
<div class="apps" id="apps"></div>
</section>
<button type="submit" id="confirm">Confirm</button>
</form>
<section id="result" hidden></section>
</main>
<script src="/checkin/app.js"></script>
</body>
</html>
`;

export const CHECKIN_PAGE_JS = `'use strict';
(function () {
  var token = location.pathname.split('/').filter(Boolean).pop();
  var $ = function (id) { return document.getElementById(id); };
  var COLOURS = ['#2e7d32', '#1565c0', '#6a1b9a', '#c62828', '#00838f', '#ef6c00', '#4e342e', '#ad1457'];
  var NAMES = { ipados: 'iPadOS', ios: 'iOS', android: 'Android' };
  var WORDS = { pass: 'OK', grace: 'Soon', fail: 'Needs action', unknown: 'Not known' };
  var TITLES = { antivirus: 'Antivirus', antispyware: 'Anti-spyware', 'os-updates': 'Updates', 'password-age': 'Passcode changed', 'social-apps': 'Apps', 'disk-encryption': 'Encryption', 'screen-lock': 'Screen lock', 'agent-checkin': 'Check-in' };
  function tidy(v) { return String(v || '').replace(/(\\.0)+$/, ''); }
  /** What the browser says: UA Client Hints first (Chromium), then the User-Agent string. */
  function detect(ua, hints) {
    var m;
    if (hints && /android/i.test(hints.platform || '')) return { platform: 'android', version: tidy(hints.platformVersion), model: hints.model || '' };
    if ((m = /Android (\\d+(?:\\.\\d+)*)/.exec(ua))) return { platform: 'android', version: m[1], model: (/Android [^;]*; ([^;)]+)/.exec(ua) || [])[1] || '' };
    if ((m = /iPad.*? OS (\\d+)_(\\d+)(?:_(\\d+))?/.exec(ua))) return { platform: 'ipados', version: [m[1], m[2], m[3]].filter(Boolean).join('.'), model: 'iPad' };
    if ((m = /iPhone.*? OS (\\d+)_(\\d+)(?:_(\\d+))?/.exec(ua))) return { platform: 'ios', version: [m[1], m[2], m[3]].filter(Boolean).join('.'), model: 'iPhone' };
    if (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1) return { platform: 'ipados', version: ((/Version\\/(\\d+(?:\\.\\d+)*)/.exec(ua)) || [])[1] || '', model: 'iPad' };
    return { platform: '', version: '', model: '' };
  }
  function text(tag, t, cls) { var e = document.createElement(tag); e.textContent = t; if (cls) e.className = cls; return e; }
  function hintsThen(fn) {
    var d = navigator.userAgentData;
    if (d && d.getHighEntropyValues) d.getHighEntropyValues(['platform', 'platformVersion', 'model']).then(fn, function () { fn(null); });
    else fn(null);
  }
  fetch('/checkin/' + token + '/state').then(function (r) { return r.json().then(function (b) { return { ok: r.ok, b: b }; }); }).then(function (res) {
    if (!res.ok) { $('intro').textContent = res.b.error || 'This link does not work.'; return; }
    var s = res.b;
    $('title').textContent = 'Check-in for ' + s.deviceName;
    $('intro').textContent = (s.keeperName ? 'Hello ' + s.keeperName + '. ' : '') + 'This takes a minute. Please answer on the tablet itself.' + (s.lastConfirmedAt ? ' Last check-in: ' + s.lastConfirmedAt.slice(0, 10) + '.' : '');
    s.apps.forEach(function (a, i) {
      var l = document.createElement('label'); l.className = 'app';
      var c = document.createElement('input'); c.type = 'checkbox'; c.name = 'app'; c.value = a.id;
      var icon = text('span', a.name.charAt(0), 'icon'); icon.style.background = COLOURS[i % COLOURS.length]; icon.setAttribute('aria-hidden', 'true');
      l.appendChild(c); l.appendChild(icon); l.appendChild(text('span', a.name)); $('apps').appendChild(l);
    });
    var apple = s.current.apple.map(function (a) { return a.latest; }).join(' or ');
    hintsThen(function (hints) {
      var d = detect(navigator.userAgent, hints);
      window.__checkinHints = hints;
      window.__checkinModel = d.model;
      $('platform').value = d.platform || s.platform;
      $('osVersion').value = d.version;
      $('detected').textContent = d.platform ? 'Your browser says this is ' + NAMES[d.platform] + (d.version ? ' ' + d.version : '') + (d.model ? ' (' + d.model + ')' : '') + '. If Settings › General › About (or About tablet) says otherwise, correct it.' : 'Your browser did not say which system this is: please choose it and type the version from Settings.';
      function current() {
        var p = $('platform').value;
        $('patchRow').hidden = p !== 'android';
        $('current').textContent = p === 'android' ? 'Android ' + s.current.android.join(', ') + ' still get security updates (table of ' + s.current.tableDate + ').' : 'Current: ' + NAMES[p] + ' ' + apple + ' (table of ' + s.current.tableDate + ').';
      }
      $('platform').addEventListener('change', current); current();
      $('form').hidden = false;
    });
  });
  $('form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('confirm').disabled = true;
    var apps = Array.prototype.slice.call(document.querySelectorAll('input[name=app]:checked')).map(function (c) { return c.value; });
    var body = {
      platform: $('platform').value, osVersion: $('osVersion').value, securityPatch: $('platform').value === 'android' ? $('securityPatch').value : '',
      passcode: $('passcode').checked, screenLock: $('screenLock').checked, passcodeChanged: $('passcodeChanged').checked, apps: apps,
      model: window.__checkinModel || undefined, userAgent: navigator.userAgent, clientHints: window.__checkinHints || undefined,
    };
    fetch('/checkin/' + token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, b: b }; }); })
      .then(function (res) {
        var out = $('result'); out.hidden = false; out.textContent = '';
        if (!res.ok) { out.appendChild(text('p', res.b.error || 'That did not work.', 'fail')); $('confirm').disabled = false; return; }
        out.appendChild(text('h2', 'Thank you. ' + res.b.assurance + '.'));
        res.b.findings.filter(function (f) { return f.control !== 'agent-checkin'; }).forEach(function (f) {
          var p = document.createElement('p'); p.setAttribute('data-control', f.control);
          p.appendChild(text('strong', (TITLES[f.control] || f.control) + ': ' + WORDS[f.status], f.status));
          p.appendChild(text('span', ' ' + f.reason)); out.appendChild(p);
        });
        $('form').hidden = true;
      });
  });
})();
`;
