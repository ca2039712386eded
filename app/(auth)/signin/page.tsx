import { redirect } from 'next/navigation';
import { CredentialsForm } from '@/components/auth/credentials-form.tsx';
import { countUsers } from '@/lib/auth/users.ts';
import { getDb } from '@/lib/db/prisma-client.ts';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if ((await countUsers(getDb())) === 0) redirect('/setup');
  const { next } = await searchParams;
  return (
    <>
      <h1>Sign in</h1>
      <CredentialsForm action="/api/auth/signin" submitLabel="Sign in" next={next ?? '/'} />
      <p className="muted">No account? Ask an admin to create one (Users page, or <code>npx fusionscope user create</code>).</p>
    </>
  );
}
