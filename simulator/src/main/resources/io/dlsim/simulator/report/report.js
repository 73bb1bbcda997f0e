/* dlsim report.html: makes the inline SVG charts interactive. No library, no network.
 * Each chart figure (figure.chart) holds the chart's SVG (svg.chart) drawn by the simulator and a
 * JSON script element (script.chart-data) with the drawn points:
 *   {"plot":[left,top,right,bottom], "series":[{"name","toggle","main","points","colour",
 *    "px":[...], "py":[...], "x":["label",...], "y":["label",...]}]}
 * (pixel positions in the SVG's viewBox, values as text). Hovering shows, for the x under the
 * pointer, the value of every visible legend line there (for dot charts: the nearest dot);
 * clicking a legend entry hides or shows every series of that entry. A chart that was set up
 * gets data-rendered="true" on its svg; one that failed gets data-render-error. */
(function () {
  'use strict';

  function nearestIndex(px, x) {
    var best = -1, bestD = Infinity;
    for (var i = 0; i < px.length; i++) {
      var d = Math.abs(px[i] - x);
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  function escapeText(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }

  function setUp(fig) {
    var svg = fig.querySelector('svg.chart');
    var holder = fig.querySelector('script.chart-data');
    if (!svg || !holder) { return; }
    var data = JSON.parse(holder.textContent);
    var ns = svg.namespaceURI;
    var hidden = {};

    svg.querySelectorAll('g.legend-item').forEach(function (item) {
      item.addEventListener('click', function () {
        var k = item.getAttribute('data-series');
        hidden[k] = !hidden[k];
        item.classList.toggle('off', hidden[k]);
        svg.querySelectorAll('g.series[data-series="' + k + '"]').forEach(function (g) {
          g.style.display = hidden[k] ? 'none' : '';
        });
      });
    });

    var cursor = document.createElementNS(ns, 'line');
    cursor.setAttribute('stroke', '#888');
    cursor.setAttribute('stroke-dasharray', '3 3');
    cursor.setAttribute('y1', data.plot[1]);
    cursor.setAttribute('y2', data.plot[3]);
    cursor.style.display = 'none';
    svg.appendChild(cursor);
    var marks = document.createElementNS(ns, 'g');
    svg.appendChild(marks);
    var tip = document.createElement('div');
    tip.className = 'tip';
    fig.appendChild(tip);

    function hide() {
      tip.style.display = 'none';
      cursor.style.display = 'none';
      while (marks.firstChild) { marks.removeChild(marks.firstChild); }
    }

    function mark(x, y, colour) {
      var c = document.createElementNS(ns, 'circle');
      c.setAttribute('cx', x);
      c.setAttribute('cy', y);
      c.setAttribute('r', 4.5);
      c.setAttribute('fill', 'none');
      c.setAttribute('stroke', colour);
      c.setAttribute('stroke-width', 2);
      marks.appendChild(c);
    }

    svg.addEventListener('mousemove', function (ev) {
      var ctm = svg.getScreenCTM();
      if (!ctm) { return; }
      var p = svg.createSVGPoint();
      p.x = ev.clientX;
      p.y = ev.clientY;
      p = p.matrixTransform(ctm.inverse());
      var r = data.plot;
      if (p.x < r[0] || p.x > r[2] || p.y < r[1] || p.y > r[3]) { hide(); return; }
      while (marks.firstChild) { marks.removeChild(marks.firstChild); }
      var lines = [];
      var header = null;
      var dots = data.series.some(function (s) { return s.points; });
      if (dots) {
        var best = null, bestD = Infinity;
        data.series.forEach(function (s) {
          if (hidden[s.toggle]) { return; }
          for (var i = 0; i < s.px.length; i++) {
            var d = Math.hypot(s.px[i] - p.x, s.py[i] - p.y);
            if (d < bestD) { bestD = d; best = {s: s, i: i}; }
          }
        });
        if (!best || bestD > 40) { hide(); return; }
        mark(best.s.px[best.i], best.s.py[best.i], best.s.colour);
        header = best.s.name;
        lines.push('x = ' + escapeText(best.s.x[best.i]) + ', y = <b>' + escapeText(best.s.y[best.i]) + '</b>');
        cursor.style.display = 'none';
      } else {
        var cx = null;
        data.series.forEach(function (s) {
          if (!s.main || hidden[s.toggle] || s.px.length === 0) { return; }
          var i = nearestIndex(s.px, p.x);
          if (Math.abs(s.px[i] - p.x) > 60) { return; }
          if (cx === null) { cx = s.px[i]; header = s.x[i]; }
          mark(s.px[i], s.py[i], s.colour);
          lines.push('<span class="swatch" style="background:' + s.colour + '"></span>' + escapeText(s.name) +
              ': <b>' + escapeText(s.y[i]) + '</b>' + (s.x[i] !== header ? ' (at ' + escapeText(s.x[i]) + ')' : ''));
        });
        if (cx === null) { hide(); return; }
        cursor.setAttribute('x1', cx);
        cursor.setAttribute('x2', cx);
        cursor.style.display = '';
        header = 'x = ' + header;
      }
      tip.innerHTML = '<div>' + escapeText(header) + '</div>' + lines.map(function (l) { return '<div>' + l + '</div>'; }).join('');
      tip.style.display = 'block';
      var box = fig.getBoundingClientRect();
      var left = ev.clientX - box.left + 14;
      if (left + tip.offsetWidth > box.width) { left = ev.clientX - box.left - tip.offsetWidth - 14; }
      tip.style.left = Math.max(0, left) + 'px';
      tip.style.top = (ev.clientY - box.top + 10) + 'px';
    });
    svg.addEventListener('mouseleave', hide);
    svg.setAttribute('data-rendered', 'true');
  }

  function setUpAll() {
    document.querySelectorAll('figure.chart').forEach(function (fig) {
      try {
        setUp(fig);
      } catch (e) {
        var svg = fig.querySelector('svg');
        if (svg) { svg.setAttribute('data-render-error', String(e)); }
        console.error('dlsim report: chart ' + fig.id + ' not set up: ' + e);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUpAll);
  } else {
    setUpAll();
  }
})();
