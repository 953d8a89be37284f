// Every chart's series are told apart at a glance, in the light and the dark theme, by
// readers with normal colour vision and with protanopia, deuteranopia or tritanopia; and
// each stands out from the card it is drawn on.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_CONFIGS } from '@/components/live/chart-configs.ts';
import { customProperties, distance, resolveColor, VISIONS, type Rgb } from './color-vision.ts';

const css = fs.readFileSync(path.join(import.meta.dirname, '../../app/globals.css'), 'utf8');
const root = customProperties(css, ':root');
const THEMES = { light: root, dark: new Map([...root, ...customProperties(css, '.dark')]) };

/**
 * OKLab distance two series must keep under every kind of colour vision: several
 * just-noticeable steps (0.02 each). The Okabe–Ito palette's closest pair under any
 * deficiency is 0.076 apart; the palette it replaced had pairs 0.016 apart (Miss/Bypass
 * and Hit/Revalidated were shades of one colour).
 */
const MIN_BETWEEN_SERIES = 0.07;
/** From the card: a series must not fade into the background. */
const MIN_FROM_CARD = 0.1;

describe.each(Object.entries(THEMES))('chart palette, %s theme', (_theme, vars) => {
  const card = resolveColor('var(--card)', vars);
  describe.each(Object.entries(CHART_CONFIGS))('the %s chart', (_chart, config) => {
    const series = Object.entries(config).map(([key, c]) => ({ key, rgb: resolveColor(c.color, vars) }));
    const pairs = series.flatMap((a, i) => series.slice(i + 1).map((b) => [a, b] as const));

    it.each(pairs.map(([a, b]) => ({ a, b, name: `${a.key} / ${b.key}` })))('tells $name apart', ({ a, b }) => {
      const worst = Math.min(...VISIONS.map((v) => distance(a.rgb as Rgb, b.rgb as Rgb, v)));
      expect(worst).toBeGreaterThanOrEqual(MIN_BETWEEN_SERIES);
    });

    it.each(series)('draws $key visibly on the card', ({ rgb }) => {
      const worst = Math.min(...VISIONS.map((v) => distance(rgb, card, v)));
      expect(worst).toBeGreaterThanOrEqual(MIN_FROM_CARD);
    });
  });
});
