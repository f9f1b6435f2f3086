import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { plotCrossValidation, plotHistory, smoothCurve, svgToPng } from 'kerasm';

const count = (svg: string, pattern: RegExp): number => (svg.match(pattern) ?? []).length;
const legendLabels = (svg: string): string[] =>
  Array.from(svg.matchAll(/<g class="legend-entry">.*?<text[^>]*>([^<]*)<\/text><\/g>/g), (m) => m[1]);
const tickLabels = (svg: string): string[] => Array.from(svg.matchAll(/<text class="tick"[^>]*>([^<]*)<\/text>/g), (m) => m[1]);

/** A 20-epoch history shaped like the notes' IMDB run: validation loss turns up after epoch 4. */
const history = {
  history: {
    loss: Array.from({ length: 20 }, (_, i) => 0.5 * Math.exp(-i / 4) + 0.01),
    acc: Array.from({ length: 20 }, (_, i) => 0.8 + 0.2 * (1 - Math.exp(-i / 3))),
    val_loss: Array.from({ length: 20 }, (_, i) => 0.3 + 0.004 * (i - 4) ** 2),
    val_acc: Array.from({ length: 20 }, (_, i) => 0.88 - 0.001 * i),
  },
};

describe('plotHistory', () => {
  const svg = plotHistory(history, { title: 'IMDB' });

  test('two panels side by side: loss and accuracy, training dots and a validation line', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(count(svg, /<g class="panel">/g)).toBe(2);
    expect(count(svg, /<polyline /g)).toBe(2);
    expect(count(svg, /<circle /g)).toBe(2 * 20 + 2); // 20 dots per panel + legend marks
    expect(legendLabels(svg)).toEqual(['Training loss', 'Validation loss', 'Training accuracy', 'Validation accuracy']);
    expect(svg).toContain('>Training and validation loss</text>');
    expect(svg).toContain('>Training and validation accuracy</text>');
    expect(svg).toContain('>IMDB</text>');
    expect(count(svg, />Epochs<\/text>/g)).toBe(2);
  });

  test('epochs count from 1 with round ticks; the validation line has one vertex per epoch', () => {
    const ticks = tickLabels(svg);
    expect(ticks).toContain('1');
    expect(ticks).toContain('20');
    expect(ticks).not.toContain('0.30000000000000004');
    const line = /<polyline points="([^"]*)"/.exec(svg) as RegExpExecArray;
    expect(line[1].split(' ')).toHaveLength(20);
  });

  test('metrics choose panels; accuracy keys may be acc or accuracy; unknown metrics are errors', () => {
    const only = plotHistory({ history: { loss: [1, 0.5], val_loss: [1.2, 0.9] } }, { metrics: ['loss'] });
    expect(count(only, /<g class="panel">/g)).toBe(1);
    const keras3 = plotHistory({ history: { loss: [1, 0.5], accuracy: [0.5, 0.7], val_loss: [1, 1], val_accuracy: [0.5, 0.6] } }, { metrics: ['loss', 'acc'] });
    expect(legendLabels(keras3)).toContain('Validation accuracy');
    expect(() => plotHistory(history, { metrics: ['mae'] })).toThrow(/no per-epoch values for the metric 'mae'.*Received: metrics=\["mae"\]/);
    expect(() => plotHistory({} as never)).toThrow(/must be a Keras History/);
  });

  test('a NaN loss breaks the line instead of drawing through it', () => {
    const svgNaN = plotHistory({ history: { loss: [1, 2, 3, 4], val_loss: [1, 0.9, NaN, 0.7, 0.6] } });
    expect(count(svgNaN, /<polyline /g)).toBe(2);
    expect(svgNaN).not.toContain('NaN');
  });

  test('labels are escaped as XML', () => {
    const svgEsc = plotHistory(history, { title: 'a < b & "c"' });
    expect(svgEsc).toContain('a &lt; b &amp; &quot;c&quot;');
  });

  test('writes .svg and .png files; other extensions are errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kerasm-plot-'));
    try {
      const svgFile = path.join(dir, 'curves.svg');
      const returned = plotHistory(history, { file: svgFile });
      expect(fs.readFileSync(svgFile, 'utf8')).toBe(returned);
      const pngFile = path.join(dir, 'curves.png');
      plotHistory(history, { file: pngFile });
      const png = fs.readFileSync(pngFile);
      expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // IHDR width and height: the 1040×380 figure rendered at scale 2.
      expect(png.readUInt32BE(16)).toBe(2080);
      expect(png.readUInt32BE(20)).toBe(760);
      expect(() => plotHistory(history, { file: path.join(dir, 'curves.jpg') })).toThrow(/must end in .svg or .png. Received: file=/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('smoothCurve (the notes\' exponential moving average)', () => {
  test('previous × factor + point × (1 − factor), first point kept', () => {
    expect(smoothCurve([10, 0, 0], 0.5)).toEqual([10, 5, 2.5]);
    const s = smoothCurve([1, 2, 3]);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeCloseTo(1.1, 12);
    expect(s[2]).toBeCloseTo(1.1 * 0.9 + 0.3, 12);
    expect(smoothCurve([3, 1, 4], 0)).toEqual([3, 1, 4]);
    expect(() => smoothCurve([1], 1)).toThrow(/Received: factor=1/);
  });
});

describe('plotCrossValidation', () => {
  // A noisy mean validation MAE curve over 100 epochs, as the notes' Boston housing run gives.
  const noisy = Array.from({ length: 100 }, (_, i) => 2.2 + 6 * Math.exp(-i / 3) + 0.004 * Math.max(0, i - 40) + 0.15 * Math.sin(i * 1.7));
  const result = { meanCurve: { val_mae: noisy, val_loss: noisy.map((v) => v * v) } };

  test('the raw mean curve and its smoothed version, val_mae by default', () => {
    const svg = plotCrossValidation(result);
    expect(count(svg, /<g class="panel">/g)).toBe(1);
    expect(count(svg, /<polyline /g)).toBe(2);
    expect(legendLabels(svg)).toEqual(['Mean validation MAE', 'Smoothed (EMA, factor 0.9)']);
    expect(svg).toContain('>Validation MAE</text>');
  });

  test('skipFirst drops the first epochs and the x axis starts after them', () => {
    const svg = plotCrossValidation(result, { skipFirst: 10, smoothing: 0.8 });
    const lines = Array.from(svg.matchAll(/<polyline points="([^"]*)"/g), (m) => m[1].split(' '));
    expect(lines.map((l) => l.length)).toEqual([90, 90]);
    expect(tickLabels(svg)).not.toContain('1');
    expect(legendLabels(svg)[1]).toBe('Smoothed (EMA, factor 0.8)');
  });

  test('smoothing: false draws the mean curve alone; metric picks another curve', () => {
    const svg = plotCrossValidation(result, { smoothing: false, metric: 'val_loss' });
    expect(count(svg, /<polyline /g)).toBe(1);
    expect(legendLabels(svg)).toEqual(['Mean validation loss']);
    expect(() => plotCrossValidation(result, { metric: 'val_acc' })).toThrow(/no mean curve for 'val_acc'/);
    expect(() => plotCrossValidation(result, { skipFirst: 100 })).toThrow(/Received: skipFirst=100/);
  });

  test('markEpoch marks that epoch on the smoothed curve', () => {
    const svg = plotCrossValidation(result, { skipFirst: 10, markEpoch: 60 });
    expect(legendLabels(svg)).toEqual(['Mean validation MAE', 'Smoothed (EMA, factor 0.9)', 'Epoch 60']);
    // The marker sits on the smoothed polyline's 50th point (epochs 11..100).
    const smoothed = Array.from(svg.matchAll(/<polyline points="([^"]*)"/g), (m) => m[1].split(' '))[1];
    const [cx, cy] = smoothed[49].split(',');
    expect(svg).toContain(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="#d62728"/>`);
    expect(() => plotCrossValidation(result, { skipFirst: 10, markEpoch: 10 })).toThrow(/from 11 to 100. Received: markEpoch=10/);
  });

  test('svgToPng renders any figure to PNG bytes', () => {
    const png = svgToPng(plotCrossValidation(result), { scale: 1 });
    expect(png[1]).toBe(0x50);
    expect(png.length).toBeGreaterThan(1000);
  });
});
