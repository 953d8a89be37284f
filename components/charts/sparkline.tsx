// A sparkline: the shape of a series in a line's height, next to the number it explains.
// It is a glyph, not a chart (no axes, no tooltip), so it is one SVG path rather than a
// recharts tree: a list of a hundred hosts draws a hundred paths, not a hundred charts.
export function Sparkline({ values, color = 'var(--chart-2)', className = 'h-7 w-full', max }: { values: readonly number[]; color?: string; className?: string; max?: number }) {
  const n = values.length;
  // A loop, not Math.max(...values): spreading a long series into arguments overflows the stack.
  let top = Math.max(max ?? 0, 1e-9);
  for (const v of values) if (v > top) top = v;
  const points = values.map((v, i) => `${n === 1 ? 50 : (i / (n - 1)) * 100},${30 - (Math.max(0, v) / top) * 28}`);
  return (
    <svg viewBox="0 0 100 31" preserveAspectRatio="none" aria-hidden focusable="false" className={className}>
      {n > 1 ? (
        <>
          <path d={`M0,31 L${points.join(' L')} L100,31 Z`} fill={color} opacity={0.15} />
          <path d={`M${points.join(' L')}`} fill="none" stroke={color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
        </>
      ) : (
        <line x1="0" x2="100" y1="30" y2="30" stroke="var(--border)" strokeWidth={1} vectorEffect="non-scaling-stroke" />
      )}
    </svg>
  );
}
