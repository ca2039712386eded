import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header.tsx';
import { Providers } from './providers.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: 'fusionscope',
  description: 'FFN Fusion dependency analysis for ONNX decoders',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <SiteHeader />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
