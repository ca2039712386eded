'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { UserMenu } from './auth/user-menu.tsx';

const LINKS = [
  { href: '/', label: 'Dashboard' },
  { href: '/models', label: 'Models' },
  { href: '/runs', label: 'Runs' },
  { href: '/compare', label: 'Compare' },
  { href: '/jobs', label: 'Jobs' },
];

export function SiteHeader() {
  const pathname = usePathname();
  const isCurrent = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  return (
    <header className="top">
      <Link href="/" className="brand">fusionscope</Link>
      <nav aria-label="Main">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} aria-current={isCurrent(l.href) ? 'page' : undefined}>{l.label}</Link>
        ))}
      </nav>
      <UserMenu />
    </header>
  );
}
