import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ThemeApplier } from '@/components/layout/theme-applier.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Portico', template: '%s · Portico' },
  description: 'A reverse proxy you configure in a browser.',
};

// Applies the saved or system theme before paint, so there is no flash.
const themeScript = `try{var t=localStorage.getItem('portico-theme');if(t==='dark'||(!t&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's Content-Security-Policy nonce (proxy.ts): inline scripts run only with it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans antialiased">
        <ThemeApplier />
        {children}
      </body>
    </html>
  );
}
