// Appended to a copy of a `versus report` page by report_cli_test.cpp and run in
// headless Chromium: it uses the page as a person does (clicks the controls) and writes
// what is visible, as JSON, into a pre element #test-result, which --dump-dom prints.
window.addEventListener('load', function () {
  setTimeout(function () {
    var visible = function (e) { return e.getClientRects().length > 0; };
    var grid = function () { return Array.prototype.slice.call(document.querySelectorAll('#ranking [data-rank]')); };
    var result = {};
    var shown = grid().filter(visible);
    result.cards = shown.length;
    result.ranks = shown.map(function (c) { return Number(c.dataset.rank); });
    var first = shown[0].querySelector('img');
    result.firstThumbWidth = first ? first.naturalWidth : 0;
    // The first card on screen is the top-left one.
    var topLeft = shown.slice().sort(function (a, b) {
      var ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      return ra.top - rb.top || ra.left - rb.left;
    })[0];
    result.topLeftRank = Number(topLeft.dataset.rank);

    document.querySelector('label[for=stars-4]').click();
    result.starsShownAfterFilter = grid().filter(visible).map(function (c) { return Number(c.dataset.stars); });
    result.starsHiddenAfterFilter = grid().filter(function (c) { return !visible(c); })
        .map(function (c) { return Number(c.dataset.stars); });
    document.querySelector('label[for=stars-0]').click();
    result.cardsAfterReset = grid().filter(visible).length;

    result.groups = Array.prototype.slice.call(document.querySelectorAll('[data-group]')).map(function (g) {
      var members = Array.prototype.slice.call(g.querySelectorAll('[data-rank]')).filter(visible);
      members.sort(function (a, b) { return a.getBoundingClientRect().left - b.getBoundingClientRect().left; });
      return {
        group: Number(g.dataset.group),
        members: members.length,
        leftmostKept: members.length > 0 && members[0].dataset.keep === 'true',
        kept: g.querySelectorAll('[data-keep="true"]').length,
        // Group cards below the fold may not be decoded yet (lazy): the picture is there
        // once the script copied the grid card's data into it.
        leftmostThumb: members.length > 0 && members[0].querySelector('img') ?
            members[0].querySelector('img').src.slice(0, 15) : ''
      };
    });

    document.getElementById('groups-only').click();
    result.gridVisibleInGroupsOnly = grid().filter(visible).length;
    document.getElementById('groups-only').click();

    document.querySelector('#ranking .thumb').click();
    var viewer = document.getElementById('viewer');
    result.viewerOpen = viewer.open;
    result.viewerRows = viewer.querySelectorAll('.info tr').length;

    var pre = document.createElement('pre');
    pre.id = 'test-result';
    pre.textContent = JSON.stringify(result);
    document.body.appendChild(pre);
  }, 500);
});
