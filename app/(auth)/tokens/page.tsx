import { TokensView } from '@/components/auth/tokens-view.tsx';

export default function TokensPage() {
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts with your role; it is shown once.</p>
      <TokensView />
    </>
  );
}
