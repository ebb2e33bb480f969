// The report page's style sheet and script, kept apart from the C++ that writes the
// page. Both work offline: no fonts, images or scripts from anywhere else.
#include "report_page.hpp"

namespace versus::cli {

// Readable without colour: stars and bars carry numbers, KEEP is a word in a box, and
// bars are dark fills on a light track with a border. Print: no controls, no dialog,
// cards never split across pages.
const char* const kReportCss = R"CSS(
*{box-sizing:border-box}
body{margin:0;font:13px/1.35 system-ui,sans-serif;color:#111;background:#fafafa}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #999;padding:6px 12px}
h1{font-size:18px;margin:0 0 2px}h2{font-size:16px;margin:14px 0 6px}h3{font-size:14px;margin:0 0 3px}
.summary{margin:0 0 4px;color:#333}
main{padding:0 12px 24px}
#controls{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
fieldset{border:1px solid #999;padding:1px 6px;margin:0;display:flex;align-items:center;gap:3px}
legend{padding:0 3px}
fieldset input{position:absolute;opacity:0;width:0}
fieldset label{border:1px solid #666;border-radius:3px;padding:1px 6px;cursor:pointer}
fieldset input:checked+label{background:#222;color:#fff;font-weight:bold}
fieldset input:focus-visible+label{outline:2px solid #000;outline-offset:1px}
nav a{margin-right:10px}
[hidden]{display:none!important}
.groups-only #ranking-section,.groups-only #errors-section{display:none}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(172px,1fr));gap:8px}
.card{background:#fff;border:1px solid #bbb;border-radius:4px;padding:4px;min-width:0;content-visibility:auto;contain-intrinsic-size:auto 172px auto 212px}
.card[data-keep=true]{border:3px double #000}
.card p{margin:2px 0}
.thumb{display:flex;align-items:center;justify-content:center;width:100%;height:120px;padding:0;border:0;background:#eee;cursor:zoom-in}
.thumb img{max-width:100%;max-height:120px;width:auto;height:auto}
.nothumb{color:#555}
.rank{font-size:14px}.stars{letter-spacing:1px;white-space:nowrap}.stars .n{letter-spacing:0;color:#333}
.keep{border:1px solid #000;padding:0 3px;font-size:11px}
.grp{font-size:11px;white-space:nowrap}
.ci{color:#444;font-size:11px;white-space:nowrap}
.name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,monospace;font-size:11px}
.dims{list-style:none;margin:2px 0 0;padding:0;font-size:10px}
.dims li{display:grid;grid-template-columns:64px 1fr 22px;gap:3px;align-items:center}
.dn{overflow:hidden;text-overflow:ellipsis}
.bar{height:7px;border:1px solid #555;background:#fff}
.bar span{display:block;height:100%;background:#333}
.dv{text-align:right}
.group{border-top:1px solid #999;padding:6px 0}
.group .members{display:flex;gap:8px;overflow-x:auto}
.group .card{flex:0 0 172px}
.reason{margin:0 0 4px}
table.errors{border-collapse:collapse}
.errors td,.errors th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}
.errors td:first-child{font-family:ui-monospace,monospace;word-break:break-all}
dialog{max-width:96vw;max-height:94vh;border:1px solid #000;padding:8px}
dialog::backdrop{background:rgba(0,0,0,.6)}
.view{display:flex;flex-wrap:wrap;gap:12px}
.view img{max-width:min(70vw,768px);max-height:80vh;width:auto;height:auto;min-width:256px;image-rendering:auto}
.info{min-width:260px;max-width:420px}
.info table{border-collapse:collapse;font-size:12px}.info td{border-bottom:1px solid #ccc;padding:1px 4px;vertical-align:top}
.close{float:right}
@media print{
 header{position:static;border:0}#controls,nav,dialog{display:none}
 body{background:#fff;font-size:10px}
 .grid{grid-template-columns:repeat(5,1fr);gap:4px}
 .card,.group{break-inside:avoid}
 .card{content-visibility:visible}
 .group .members{flex-wrap:wrap}
 .thumb{height:90px}.thumb img{max-height:90px}
}
)CSS";

// Filters and sorting only hide and reorder what the page already holds; the larger view
// reads the measures from the JSON in #photo-data, every picture comes from #thumbs.
const char* const kReportScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('photo-data').textContent);
  var grid = document.getElementById('ranking');
  var cards = Array.prototype.slice.call(grid.children);
  var shown = document.getElementById('shown');

  // Thumbnails are given to a card's picture as the card comes near the viewport: the
  // page's DOM holds no picture bytes, so 2,000 photos parse and lay out fast.
  var thumbs = null;
  function thumbUrl(index) {
    if (thumbs === null) thumbs = JSON.parse(document.getElementById('thumbs').textContent);
    var t = thumbs[Number(index)];
    return t ? 'data:image/webp;base64,' + t : '';
  }
  function showPictures(card) {
    card.querySelectorAll('img[data-t]:not([src])').forEach(function (img) { img.src = thumbUrl(img.dataset.t); });
  }
  var allCards = Array.prototype.slice.call(document.querySelectorAll('.card'));
  if ('IntersectionObserver' in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        showPictures(entry.target);
        observer.unobserve(entry.target);
      });
    }, { rootMargin: '400px 0px' });
    allCards.forEach(function (card) { observer.observe(card); });
  } else {
    allCards.forEach(showPictures);
  }

  function filterStars() {
    var least = Number(document.querySelector('input[name=stars]:checked').value);
    var count = 0;
    cards.forEach(function (card) {
      var hide = Number(card.dataset.stars) < least;
      card.hidden = hide;
      if (!hide) count++;
    });
    shown.textContent = count + ' of ' + cards.length + ' photos shown';
  }
  document.querySelectorAll('input[name=stars]').forEach(function (input) {
    input.addEventListener('change', filterStars);
  });

  document.getElementById('groups-only').addEventListener('change', function (event) {
    document.body.classList.toggle('groups-only', event.target.checked);
  });

  document.getElementById('sort').addEventListener('change', function (event) {
    var key = event.target.value;
    var value = function (card) { return Number(card.getAttribute('data-d-' + key)); };
    var rank = function (card) { return Number(card.dataset.rank); };
    var order = cards.slice().sort(function (a, b) {
      if (key === 'rank') return rank(a) - rank(b);
      return value(b) - value(a) || rank(a) - rank(b);
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (card) { fragment.appendChild(card); });
    grid.appendChild(fragment);
  });

  var viewer = document.getElementById('viewer');
  function text(tag, content) {
    var element = document.createElement(tag);
    element.textContent = content;
    return element;
  }
  function row(table, name, value, title) {
    var tr = table.insertRow();
    tr.appendChild(text('td', name));
    tr.appendChild(text('td', value));
    if (title) tr.title = title;
  }
  function openViewer(card) {
    var photo = data.photos[Number(card.dataset.photo)];
    viewer.querySelector('.view img').src = thumbUrl(card.dataset.photo);
    var info = viewer.querySelector('.info');
    info.textContent = '';
    info.appendChild(text('h3', '#' + card.dataset.rank + ' ' + photo.path));
    info.appendChild(card.querySelector('.head').cloneNode(true));
    info.appendChild(card.querySelector('.score').cloneNode(true));
    info.appendChild(card.querySelector('.dims').cloneNode(true));
    var table = document.createElement('table');
    row(table, 'size', photo.size);
    row(table, 'judged', photo.decoded_from);
    if (photo.companions.length) row(table, 'with', photo.companions.join(', '));
    data.measures.forEach(function (m, i) {
      var v = photo.measures[i];
      row(table, m.name + ' (' + m.dimension + ')', v === null || v === undefined ? '-' : Number(v).toPrecision(4), m.description);
    });
    info.appendChild(table);
    viewer.showModal();
  }
  document.addEventListener('click', function (event) {
    var thumb = event.target.closest('.thumb');
    if (thumb) openViewer(thumb.closest('.card'));
  });

  // Printing shows every picture, not only those scrolled past.
  window.addEventListener('beforeprint', function () {
    allCards.forEach(showPictures);
  });

  filterStars();
})();
)JS";

}  // namespace versus::cli
