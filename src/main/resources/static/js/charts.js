/*
 * xenemu charts: memory over virtual time, drawn with uPlot (which must be loaded first, as the
 * global `uPlot`). A plain script, not a module, so the same file serves the scenario report
 * (inlined: it opens with no network) and the live dashboard (which loads /js/charts.js).
 * It defines one global, `XenemuCharts`:
 *
 *   stackedArea(el, {times, layers: [{label, values, color}], title?, width?, height?, yMax?, sync?})
 *       layers bottom to top; the legend shows each layer's own value
 *   lines(el, {times, series: [{label, values, color, dash?}], title?, width?, height?, yMax?, sync?, yFormat?})
 *       yFormat(v): the y axis and legend show other figures than KiB (the dashboard's γ)
 *   percentiles(el, {times, metrics: [{label, p10, p50, p90, color}], title?, ...})
 *       a band from p10 to p90 and the median as a line, per metric
 *   renderReport(doc, data)   every chart of a scenario report (see ScenarioReport.java for `data`)
 *   formatKiB(kib), formatSeconds(s)
 *
 * Live charts (the dashboard) keep the uPlot each call returns and give it new data with
 *   updateStacked(u, times, layers), updateLines(u, times, series), updatePercentiles(u, times, metrics)
 * (the same layers, series or metrics, in the same order, as the chart was made with).
 *
 * Times are virtual seconds; sizes KiB (axes show MiB/GiB). Values may be null (a domain that did
 * not exist yet). Each chart marks the element it was drawn into when it has painted:
 * data-drawn="true" and data-painted-pixels="N" (N > 0 means something was drawn on the canvas).
 */
(function (global) {
  'use strict';

  var PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
    '#9c755f', '#bab0ac', '#1f77b4', '#2ca02c'];

  // axis steps: whole minutes, hours and days for time; powers of two for memory
  var TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200,
    86400, 172800, 604800, 2592000];
  var KIB_STEPS = [];
  for (var e = 0; e < 52; e++) {
    KIB_STEPS.push(Math.pow(2, e));
  }

  function trim(x, decimals) {
    return String(Number(x.toFixed(decimals)));
  }

  function formatKiB(kib) {
    if (kib === null || kib === undefined || isNaN(kib)) {
      return '–';
    }
    var abs = Math.abs(kib);
    if (abs >= 1073741824) {
      return trim(kib / 1073741824, 2) + ' TiB';
    }
    if (abs >= 1048576) {
      return trim(kib / 1048576, 2) + ' GiB';
    }
    if (abs >= 1024) {
      return trim(kib / 1024, 1) + ' MiB';
    }
    return Math.round(kib) + ' KiB';
  }

  function formatSeconds(s) {
    if (s === null || s === undefined) {
      return '–';
    }
    var d = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    var sec = Math.round((s % 60) * 1000) / 1000;
    var out = '';
    if (d) { out += d + 'd'; }
    if (h) { out += h + 'h'; }
    if (m) { out += m + 'm'; }
    if (sec || !out) { out += sec + 's'; }
    return out;
  }

  // counts painted pixels until some are seen (a live chart redrawn every second scans its canvas
  // only until then)
  function markPainted(el) {
    return function (u) {
      if (Number(el.getAttribute('data-painted-pixels')) > 0) {
        return;
      }
      var canvas = u.ctx.canvas;
      var painted = 0;
      try {
        var pixels = u.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (var i = 3; i < pixels.length; i += 4) {
          if (pixels[i] !== 0) { painted++; }
        }
      } catch (e) {
        painted = -1;
      }
      el.setAttribute('data-drawn', 'true');
      el.setAttribute('data-painted-pixels', String(painted));
    };
  }

  function baseOptions(el, spec) {
    var width = spec.width || Math.max(320, Math.floor(el.clientWidth || 0) || 640);
    var opts = {
      title: spec.title,
      width: width,
      height: spec.height || 280,
      scales: {
        x: { time: false },
        y: { range: function (u, min, max) { return [0, spec.yMax || (max > 0 ? max * 1.05 : 1)]; } }
      },
      axes: [
        { incrs: TIME_STEPS, space: 70, values: function (u, ticks) { return ticks.map(formatSeconds); } },
        spec.yFormat
          ? { space: 28, values: function (u, ticks) { return ticks.map(spec.yFormat); }, size: 72 }
          : { incrs: KIB_STEPS, space: 28, values: function (u, ticks) { return ticks.map(formatKiB); }, size: 72 }
      ],
      series: [{ label: 'time', value: function (u, v) { return formatSeconds(v); } }],
      hooks: { draw: [markPainted(el)] },
      legend: { live: true }
    };
    if (spec.sync) {
      opts.cursor = { sync: { key: spec.sync } };
    }
    return opts;
  }

  // uPlot data of a stack: the running sums, top layer first (the order the series are drawn in)
  function stackData(times, layers) {
    var n = times.length;
    var cumulative = [];
    var running = new Array(n).fill(0);
    layers.forEach(function (layer) {
      running = running.map(function (sum, i) { return sum + (layer.values[i] || 0); });
      cumulative.push(running.slice());
    });
    var data = [times];
    for (var k = layers.length - 1; k >= 0; k--) {
      data.push(cumulative[k]);
    }
    return data;
  }

  function stackedArea(el, spec) {
    var opts = baseOptions(el, spec);
    // drawn top layer first, each filled down to 0 and painted over by the ones below it; the
    // legend shows each layer's own value, read from the layers the chart holds now
    for (var k = spec.layers.length - 1; k >= 0; k--) {
      (function (layer, k) {
        opts.series.push({
          label: layer.label,
          stroke: layer.color,
          fill: layer.color,
          width: 1,
          value: function (u, v, si, idx) {
            return idx === null || idx === undefined ? '–' : formatKiB(u.xenemuLayers[k].values[idx]);
          }
        });
      })(spec.layers[k], k);
    }
    return new global.uPlot(opts, stackData(spec.times, spec.layers), function (self, init) {
      self.xenemuLayers = spec.layers; // before the first draw, whose legend reads it
      el.appendChild(self.root);
      init();
    });
  }

  function updateStacked(u, times, layers) {
    u.xenemuLayers = layers;
    u.setData(stackData(times, layers));
  }

  function lines(el, spec) {
    var opts = baseOptions(el, spec);
    var data = [spec.times];
    spec.series.forEach(function (s) {
      opts.series.push({
        label: s.label,
        stroke: s.color,
        width: s.width || 1.5,
        dash: s.dash,
        spanGaps: false,
        value: function (u, v) { return spec.yFormat ? (v === null || v === undefined ? '–' : spec.yFormat(v)) : formatKiB(v); }
      });
      data.push(s.values);
    });
    return new global.uPlot(opts, data, el);
  }

  function updateLines(u, times, series) {
    u.setData([times].concat(series.map(function (s) { return s.values; })));
  }

  function percentileData(times, metrics) {
    var data = [times];
    metrics.forEach(function (m) { data.push(m.p90, m.p50, m.p10); });
    return data;
  }

  function percentiles(el, spec) {
    var opts = baseOptions(el, spec);
    opts.bands = [];
    spec.metrics.forEach(function (m) {
      var base = opts.series.length;
      opts.series.push({ label: m.label + ' p90', stroke: m.color, width: 0.5, dash: [4, 4],
        value: function (u, v) { return formatKiB(v); } });
      opts.series.push({ label: m.label + ' p50', stroke: m.color, width: 2,
        value: function (u, v) { return formatKiB(v); } });
      opts.series.push({ label: m.label + ' p10', stroke: m.color, width: 0.5, dash: [4, 4],
        value: function (u, v) { return formatKiB(v); } });
      opts.bands.push({ series: [base, base + 2], fill: m.color + '33' });
    });
    return new global.uPlot(opts, percentileData(spec.times, spec.metrics), el);
  }

  function updatePercentiles(u, times, metrics) {
    u.setData(percentileData(times, metrics));
  }

  var HOST_LAYERS = [
    ['xen', 'Xen', '#7f7f7f'], ['dom0', 'dom0', '#bab0ac'], ['domains', 'domains', '#4e79a7'],
    ['tmem', 'tmem', '#b07aa1'], ['pressure', 'pressure', '#e15759'], ['reserved', 'reserved', '#edc948'],
    ['free', 'free', '#d4e6c3']
  ];
  var METRICS = [['target', 'target', '#f28e2b'], ['current', 'current', '#4e79a7'],
    ['committed', 'Committed_AS', '#e15759']];

  function maxOf(arrays) {
    var max = 0;
    arrays.forEach(function (a) {
      a.forEach(function (v) { if (v !== null && v > max) { max = v; } });
    });
    return max;
  }

  function renderReport(doc, data) {
    var hostMax = 0;
    var domainMax = 0;
    data.variants.forEach(function (v) {
      var top = v.time_s.map(function (t, i) {
        return HOST_LAYERS.reduce(function (sum, l) { return sum + (v.host[l[0]][i] || 0); }, 0);
      });
      hostMax = Math.max(hostMax, maxOf([v.host.total, top]));
      var arrays = [];
      if (v.domains.mode === 'lines') {
        v.domains.series.forEach(function (s) { arrays.push(s.target, s.current, s.committed); });
      } else {
        METRICS.forEach(function (m) { arrays.push(v.domains[m[0]].p90); });
      }
      domainMax = Math.max(domainMax, maxOf(arrays));
    });
    var charts = 0;
    data.variants.forEach(function (v) {
      var hostEl = doc.querySelector('[data-chart="host"][data-variant="' + v.index + '"] .chart-body');
      stackedArea(hostEl, {
        times: v.time_s, yMax: hostMax, sync: 'host',
        layers: HOST_LAYERS.map(function (l) { return { label: l[1], values: v.host[l[0]], color: l[2] }; })
      });
      charts++;
      var domEl = doc.querySelector('[data-chart="domains"][data-variant="' + v.index + '"] .chart-body');
      if (v.domains.mode === 'lines') {
        var series = [];
        v.domains.series.forEach(function (s, i) {
          var color = PALETTE[i % PALETTE.length];
          series.push({ label: s.name + ' target', values: s.target, color: color, dash: [6, 3], width: 1 });
          series.push({ label: s.name + ' current', values: s.current, color: color, width: 2 });
          series.push({ label: s.name + ' Committed_AS', values: s.committed, color: color, dash: [1, 3], width: 1 });
        });
        lines(domEl, { times: v.time_s, series: series, yMax: domainMax * 1.05 || 1, sync: 'domains' });
      } else {
        percentiles(domEl, {
          times: v.time_s, yMax: domainMax * 1.05 || 1, sync: 'domains',
          metrics: METRICS.map(function (m) {
            var p = v.domains[m[0]];
            return { label: m[1], p10: p.p10, p50: p.p50, p90: p.p90, color: m[2] };
          })
        });
      }
      charts++;
    });
    doc.documentElement.setAttribute('data-charts', String(charts));
    return charts;
  }

  global.XenemuCharts = {
    stackedArea: stackedArea,
    lines: lines,
    percentiles: percentiles,
    updateStacked: updateStacked,
    updateLines: updateLines,
    updatePercentiles: updatePercentiles,
    renderReport: renderReport,
    formatKiB: formatKiB,
    formatSeconds: formatSeconds
  };
})(typeof globalThis !== 'undefined' ? globalThis : window);
