type ChartInput = {
  date: string;
  bare: { create: { throughput: number }; accept: { throughput: number } };
  product: { create: { throughput: number }; accept: { throughput: number } };
  pending: { createLatencyByPending: { pending: number; p50: number; p95: number }[] };
};

/** A small self-contained SVG: throughput bare vs product, and create latency as pending requests pile up. */
export function renderChart(result: ChartInput): string {
  const bars = [
    { label: 'create: bare', value: result.bare.create.throughput, color: '#8c959f' },
    { label: 'create: product', value: result.product.create.throughput, color: '#0f6cbd' },
    { label: 'accept: bare', value: result.bare.accept.throughput, color: '#8c959f' },
    { label: 'accept: product', value: result.product.accept.throughput, color: '#1a7f37' },
  ];
  const maxBar = Math.max(...bars.map((b) => b.value), 1);
  const barSvg = bars
    .map((bar, i) => {
      const width = Math.round((bar.value / maxBar) * 260);
      const y = 50 + i * 34;
      return `<text x="20" y="${y + 16}" font-size="12">${bar.label}</text><rect x="130" y="${y}" width="${width}" height="22" fill="${bar.color}"/><text x="${136 + width}" y="${y + 16}" font-size="12">${bar.value}/s</text>`;
    })
    .join('');
  const points = result.pending.createLatencyByPending;
  const maxX = Math.max(...points.map((p) => p.pending), 1);
  const maxY = Math.max(...points.map((p) => p.p95), 1);
  const x = (n: number) => 500 + (n / maxX) * 240;
  const y = (ms: number) => 200 - (ms / maxY) * 140;
  const line = (key: 'p50' | 'p95', color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${x(p.pending).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ')}"/>` +
    points.map((p) => `<circle cx="${x(p.pending).toFixed(1)}" cy="${y(p[key]).toFixed(1)}" r="3" fill="${color}"/>`).join('');
  const labels = points.map((p) => `<text x="${x(p.pending).toFixed(1)}" y="218" font-size="10" text-anchor="middle">${p.pending}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="780" height="240" font-family="system-ui, sans-serif">
<rect width="780" height="240" fill="#fff"/>
<text x="20" y="28" font-size="14" font-weight="600">Throughput (requests/s), ${result.date.slice(0, 10)}</text>${barSvg}
<text x="480" y="28" font-size="14" font-weight="600">Create latency (ms) vs pending requests</text>
<line x1="500" y1="200" x2="750" y2="200" stroke="#57606a"/><line x1="500" y1="50" x2="500" y2="200" stroke="#57606a"/>
<text x="495" y="${y(maxY) + 4}" font-size="10" text-anchor="end">${maxY}</text><text x="495" y="204" font-size="10" text-anchor="end">0</text>
${line('p50', '#0f6cbd')}${line('p95', '#cf222e')}${labels}
<text x="640" y="60" font-size="11" fill="#0f6cbd">p50</text><text x="670" y="60" font-size="11" fill="#cf222e">p95</text>
</svg>
`;
}
