// Appended to a copy of a `versus report` page by report_cli_test.cpp and run in
// headless Chromium: it uses the page as a person does (scrolls, clicks the controls) and
// writes what is visible, as JSON, into a pre element #test-result, which --dump-dom prints.
// --dump-dom prints at the page's load event: a hidden frame whose document stays open
// holds that event until the driver is done, so the page renders in real time meanwhile
// (no --virtual-time-budget, under which frames and observers run unreliably).
var holdLoad = document.createElement('iframe');
holdLoad.hidden = true;
document.body.appendChild(holdLoad);
holdLoad.contentDocument.open();
document.addEventListener('DOMContentLoaded', function () {
  // Polls until `ready()` or 200 tries of 50 ms: the page's IntersectionObserver reports
  // after a rendered frame, and a loaded machine renders late.
  var settle = function (ready) {
    return new Promise(function (done) {
      (function poll(left) { if (left === 0 || ready()) done(); else setTimeout(function () { poll(left - 1); }, 50); })(200);
    });
  };
  var visible = function (e) { return e.getClientRects().length > 0; };
  var all = function (selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); };
  var grid = function () { return all('#ranking [data-rank]'); };
  // A picture the browser has decoded: a data: URL given by the page's script, with pixels.
  var decoded = function (card) {
    var img = card.querySelector('img');
    return !!img && img.src.slice(0, 15) === 'data:image/webp' && img.complete && img.naturalWidth > 0;
  };
  var inView = function () {
    return all('[data-rank]').filter(function (c) {
      var r = c.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    });
  };

  var result = {};

  settle(function () { return inView().every(decoded); }).then(function () {
    var shown = grid().filter(visible);
    result.cards = shown.length;
    result.cardsInDom = all('[data-rank]').length;
    result.ranks = shown.map(function (c) { return Number(c.dataset.rank); });
    result.firstThumbWidth = shown[0].querySelector('img') ? shown[0].querySelector('img').naturalWidth : 0;
    // The first card on screen is the top-left one.
    var topLeft = shown.slice().sort(function (a, b) {
      var ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      return ra.top - rb.top || ra.left - rb.left;
    })[0];
    result.topLeftRank = Number(topLeft.dataset.rank);

    // Lazy pictures: every card in view has its picture; cards well below the page's
    // 400 px margin have no src yet.
    var height = window.innerHeight;
    result.inView = inView().length;
    result.inViewDecoded = inView().filter(decoded).length;
    var far = all('[data-rank]').filter(function (c) { return c.getBoundingClientRect().top > height + 600; });
    result.farBelow = far.length;
    result.farBelowWithSrc = far.filter(function (c) { return c.querySelector('img[src]'); }).length;
    result.imgsWithSrc = all('img[src]').length;

    document.querySelector('label[for=stars-4]').click();
    result.starsShownAfterFilter = grid().filter(visible).map(function (c) { return Number(c.dataset.stars); });
    result.starsHiddenAfterFilter = grid().filter(function (c) { return !visible(c); })
        .map(function (c) { return Number(c.dataset.stars); });
    document.querySelector('label[for=stars-0]').click();
    result.cardsAfterReset = grid().filter(visible).length;

    // Scroll down to the groups, as a person does, and let the pictures arrive.
    document.getElementById('groups-section').scrollIntoView();
    return settle(function () { return inView().every(decoded); });
  }).then(function () {
    result.groups = all('[data-group]').map(function (g) {
      var members = all('[data-rank]', g).filter(visible);
      members.sort(function (a, b) { return a.getBoundingClientRect().left - b.getBoundingClientRect().left; });
      return {
        group: Number(g.dataset.group),
        members: members.length,
        leftmostKept: members.length > 0 && members[0].dataset.keep === 'true',
        kept: g.querySelectorAll('[data-keep="true"]').length,
        top: Math.round(g.getBoundingClientRect().top),
        leftmostDecoded: members.length > 0 && decoded(members[0])
      };
    });
    result.cardsAfterScroll = grid().length;
    result.innerHeight = window.innerHeight;

    document.getElementById('groups-only').click();
    result.gridVisibleInGroupsOnly = grid().filter(visible).length;
    document.getElementById('groups-only').click();

    window.scrollTo(0, 0);
    document.querySelector('#ranking .thumb').click();
    var viewer = document.getElementById('viewer');
    result.viewerOpen = viewer.open;
    result.viewerRows = viewer.querySelectorAll('.info tr').length;
    result.viewerPicture = viewer.querySelector('.view img').src.slice(0, 15);
  }).catch(function (error) {
    result.error = String(error && error.stack || error);
  }).then(function () {
    var pre = document.createElement('pre');
    pre.id = 'test-result';
    pre.textContent = JSON.stringify(result);
    document.body.appendChild(pre);
    holdLoad.contentDocument.close();
  });
});
