import Link from 'next/link';
import type { AnchorHTMLAttributes, ComponentProps } from 'react';

const VARIANTS = {
  primary: 'bg-accent text-accent-foreground shadow-xs hover:bg-accent/90',
  secondary: 'border border-border bg-card shadow-xs hover:bg-border/40',
  danger: 'bg-danger text-white shadow-xs hover:bg-danger/90',
  'danger-outline': 'border border-danger/40 text-danger hover:bg-danger/10',
  ghost: 'text-muted hover:bg-border/50 hover:text-foreground',
} as const;

const SIZES = {
  sm: 'h-8 px-2.5 text-[13px] gap-1.5',
  md: 'h-9 px-3.5 text-sm gap-2',
  icon: 'size-8 justify-center',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;
export type ButtonSize = keyof typeof SIZES;

export function buttonClass(variant: ButtonVariant = 'primary', size: ButtonSize = 'md', extra = ''): string {
  return `inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:pointer-events-none disabled:opacity-50 ${VARIANTS[variant]} ${SIZES[size]} ${extra}`;
}

type Common = { variant?: ButtonVariant; size?: ButtonSize };

export function Button({ variant, size, className = '', type = 'button', ...props }: ComponentProps<'button'> & Common) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}

/** A link that looks like a button (navigation stays a link for the browser and screen readers). */
export function LinkButton({ variant, size, className = '', ...props }: ComponentProps<typeof Link> & AnchorHTMLAttributes<HTMLAnchorElement> & Common) {
  return <Link className={buttonClass(variant, size, className)} {...props} />;
}
