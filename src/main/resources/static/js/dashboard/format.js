// Sizes and times as the charts show them (the shared chart code's formatters), for the page's text.

export function formatKiB(kib) {
  return globalThis.XenemuCharts.formatKiB(kib);
}

export function formatSeconds(s) {
  return globalThis.XenemuCharts.formatSeconds(s);
}

export const MiB = 1024;
