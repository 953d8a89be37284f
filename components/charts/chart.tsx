'use client';
// The one wrapper every chart sits in. A chart's `chartConfig` names its series and
// their colours (CSS variables, so light and dark follow the theme); the container turns
// them into --color-<key> variables that the recharts primitives composed inside use
// (fill="var(--color-2xx)"), and the tooltip and legend read the labels from it.
import { createContext, useContext, type CSSProperties, type ReactElement, type ReactNode } from 'react';
import { ResponsiveContainer, type TooltipContentProps } from 'recharts';

export type ChartConfig = Record<string, { label: string; color: string }>;

const ChartContext = createContext<ChartConfig>({});

/** Axis, grid and cursor styling shared by every chart (pass as props to the primitives). */
export const AXIS_PROPS = { stroke: 'var(--border)', tick: { fill: 'var(--muted)', fontSize: 11 }, tickLine: false } as const;
export const GRID_PROPS = { stroke: 'var(--border)', strokeDasharray: '3 3', vertical: false } as const;

export function ChartContainer({ config, label, summary, className = 'h-56', legend = true, empty, children }: { config: ChartConfig; label: string; summary: ReactNode; className?: string; legend?: boolean; /** Said over the chart when it has nothing to draw. */ empty?: string; children: ReactElement }) {
  const style = Object.fromEntries(Object.entries(config).map(([key, c]) => [`--color-${key}`, c.color])) as CSSProperties;
  return (
    <ChartContext.Provider value={config}>
      <figure aria-label={label} style={style} className="min-w-0">
        {/* What the chart shows, in words, for screen readers: the SVG is hidden from them (charts
            pass accessibilityLayer={false}, so nothing focusable sits inside the hidden part). */}
        <figcaption className="sr-only">
          {summary}
        </figcaption>
        <div className={`relative w-full text-xs ${className}`}>
          <div aria-hidden className="size-full">
            <ResponsiveContainer initialDimension={{ width: 320, height: 200 }}>{children}</ResponsiveContainer>
          </div>
          {empty ? (
            <p aria-hidden className="pointer-events-none absolute inset-0 grid place-items-center pb-6 text-sm text-muted">
              <span className="rounded-md bg-card/90 px-2 py-1">{empty}</span>
            </p>
          ) : null}
        </div>
        {legend ? <ChartLegend /> : null}
      </figure>
    </ChartContext.Provider>
  );
}

function ChartLegend() {
  const config = useContext(ChartContext);
  return (
    <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-muted" aria-hidden>
      {Object.entries(config).map(([key, c]) => (
        <li key={key} className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-[3px]" style={{ background: `var(--color-${key})` }} />
          {c.label}
        </li>
      ))}
    </ul>
  );
}

/** The tooltip body: the label (a time), then each series with its colour, name and value. */
export function ChartTooltipContent({ active, payload, label, labelFormatter, valueFormatter, hideZero = false }: Partial<Pick<TooltipContentProps, 'active' | 'payload' | 'label'>> & { labelFormatter?(label: unknown): ReactNode; valueFormatter?(value: number): string; hideZero?: boolean }) {
  const config = useContext(ChartContext);
  if (!active || !payload?.length) return null;
  const items = payload.filter((item) => typeof item.value === 'number' && (!hideZero || item.value !== 0));
  return (
    <div className="min-w-36 rounded-md border border-border bg-card px-2.5 py-2 text-xs shadow-lg">
      <p className="mb-1 font-medium">{labelFormatter ? labelFormatter(label) : String(label ?? '')}</p>
      {items.length === 0 ? <p className="text-muted">Nothing</p> : null}
      <ul className="space-y-0.5">
        {items
          .slice()
          .reverse()
          .map((item) => {
            const key = String(item.dataKey ?? item.name ?? '');
            return (
              <li key={key} className="flex items-center gap-2">
                <span className="size-2 shrink-0 rounded-[2px]" style={{ background: `var(--color-${key})` }} />
                <span className="flex-1 text-muted">{config[key]?.label ?? item.name}</span>
                <span className="font-mono font-medium tabular-nums">{valueFormatter ? valueFormatter(item.value as number) : String(item.value)}</span>
              </li>
            );
          })}
      </ul>
    </div>
  );
}
